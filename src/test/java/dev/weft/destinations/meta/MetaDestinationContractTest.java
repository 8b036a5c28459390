package dev.weft.destinations.meta;

import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationConnection;
import dev.weft.destinations.DestinationContract;
import dev.weft.destinations.Operation;
import dev.weft.destinations.SyncRecord;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared destination behaviour against a fake Meta custom audience, mirrored (add and remove). */
class MetaDestinationContractTest extends DestinationContract {

    static final String AUDIENCE = "23851234567890123";

    private FakeMeta meta;
    /** The fake holds hashed rows; the suite reads them back by record key through the email's hash. */
    private final Map<String, String> keyByEmailHash = new ConcurrentHashMap<>();

    @Override
    protected Destination openDestination() throws IOException {
        meta = new FakeMeta();
        meta.audience(AUDIENCE, "Weft: high value", "CUSTOM");
        serve(meta);
        return open(FakeMeta.ACCESS_TOKEN);
    }

    @Override
    protected Destination openWithBadCredentials() {
        return open("EAAB-revoked");
    }

    private Destination open(String token) {
        DestinationConnection connection = new DestinationConnection("c1", "meta_ads", "meta",
                Map.of("base-url", server.url("/").toString()), Map.of("access-token", token));
        return new MetaDestinationProvider().open(connection, Map.of("audience-id", AUDIENCE));
    }

    @Override
    protected SyncRecord sampleRecord(int i, Operation operation) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("EMAIL", "User" + i + "@Example.com");
        fields.put("FN", i % 2 == 0 ? " Mary-Ann " : "José");
        fields.put("EXTERN_ID", "profile-" + i);
        keyByEmailHash.put(FakeMeta.sha256("user" + i + "@example.com"), "key-" + i);
        return new SyncRecord("key-" + i, operation, fields);
    }

    @Override
    protected Map<String, Map<String, Object>> held() {
        Map<String, Map<String, Object>> held = new LinkedHashMap<>();
        meta.audiences.get(AUDIENCE).members().forEach(member ->
                held.put(keyByEmailHash.getOrDefault(member.get("EMAIL"), member.get("EMAIL")), Map.copyOf(member)));
        return held;
    }

    /** Meta holds hashes: the email trimmed and lower-cased, the first name lower-case letters only (UTF-8). */
    @Override
    protected void assertHeldMatches(SyncRecord sent, Map<String, Object> heldFields) {
        assertThat(heldFields.get("EMAIL"))
                .isEqualTo(FakeMeta.sha256(sent.fields().get("EMAIL").toString().trim().toLowerCase(Locale.ROOT)));
        String firstName = sent.fields().get("FN").toString().equals("José") ? "josé" : "maryann";
        assertThat(heldFields.get("FN")).isEqualTo(FakeMeta.sha256(firstName));
        assertThat(heldFields.get("EXTERN_ID")).isEqualTo(sent.fields().get("EXTERN_ID"));
    }

    @Override
    protected void failNextCallWithRateLimit(Duration retryAfter) {
        Assumptions.abort("Meta throttles with Graph error codes (80003, 17, 613, 4) and gives the wait in whole minutes "
                + "(estimated_time_to_regain_access), so a " + retryAfter + " delay cannot be expressed; "
                + "MetaDestinationTest checks throttling with minutes");
    }

    @Override
    protected void failNextCallWithServerError() {
        meta.failNext(FakeMeta.error(500, 2, 0, "OAuthException",
                "An unexpected error has occurred. Please retry your request later."));
    }

    @Override
    protected void rejectInNextBatch(Map<String, Rejection> rejections) {
        Assumptions.abort("Meta names invalid entries only as a sample (invalid_entry_samples) and has no retryable "
                + "per-row outcome; MetaDestinationTest maps the sample to rows");
    }
}
