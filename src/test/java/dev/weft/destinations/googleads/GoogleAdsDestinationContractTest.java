package dev.weft.destinations.googleads;

import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationConnection;
import dev.weft.destinations.DestinationContract;
import dev.weft.destinations.Operation;
import dev.weft.destinations.SyncRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared destination behaviour against a fake Google Ads account: every batch is an
 * OfflineUserDataJob on one customer list. The fake holds members by hashed identifiers, so what it holds
 * is mapped back to record keys through the hashed email of each sample record.
 */
class GoogleAdsDestinationContractTest extends DestinationContract {

    private FakeGoogleAds google;
    /** Hashed email of each sample record, by record key. */
    private final Map<String, String> hashedEmails = new ConcurrentHashMap<>();

    @Override
    protected Destination openDestination() throws IOException {
        google = new FakeGoogleAds();
        serve(google);
        return open(FakeGoogleAds.REFRESH_TOKEN);
    }

    @Override
    protected Destination openWithBadCredentials() {
        return open("1//revoked-refresh-token");
    }

    private Destination open(String refreshToken) {
        DestinationConnection connection = new DestinationConnection("c1", "ads", "google-ads",
                Map.of("base-url", server.url("/").toString(), "token-url", server.url("/token").toString(),
                        "customer-id", "123-456-7890"),
                Map.of("client-id", FakeGoogleAds.CLIENT_ID, "client-secret", FakeGoogleAds.CLIENT_SECRET,
                        "refresh-token", refreshToken));
        return new GoogleAdsDestinationProvider().open(connection, Map.of("user-list-id", FakeGoogleAds.LIST_ID));
    }

    /** Email in mixed case with spaces (normalized before hashing) and a full address of its own. */
    @Override
    protected SyncRecord sampleRecord(int i, Operation operation) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("email", "  User" + i + "@Example.com ");
        fields.put("first_name", "Ada" + i);
        fields.put("last_name", " Lovelace ");
        fields.put("country_code", "US");
        fields.put("postal_code", String.format("%05d", 10_000 + i)); // distinct addresses, whatever the names
        hashedEmails.put("key-" + i, sha256("user" + i + "@example.com"));
        return new SyncRecord("key-" + i, operation, fields);
    }

    /** Google holds hashes, not what was sent: each field must arrive normalized and hashed as Google documents. */
    @Override
    protected void assertHeldMatches(SyncRecord sent, Map<String, Object> held) {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("hashedEmail", sha256(sent.fields().get("email").toString().trim().toLowerCase()));
        expected.put("addressInfo.hashedFirstName", sha256(sent.fields().get("first_name").toString().trim().toLowerCase()));
        expected.put("addressInfo.hashedLastName", sha256(sent.fields().get("last_name").toString().trim().toLowerCase()));
        expected.put("addressInfo.countryCode", sent.fields().get("country_code"));
        expected.put("addressInfo.postalCode", sent.fields().get("postal_code"));
        assertThat(held).as("what Google holds for %s", sent.key()).isEqualTo(expected);
    }

    @Override
    protected Map<String, Map<String, Object>> held() {
        Map<String, Map<String, Object>> held = new LinkedHashMap<>();
        hashedEmails.forEach((key, hash) -> google.list().members().stream()
                .filter(m -> hash.equals(m.get("hashedEmail")))
                .findFirst()
                .ifPresent(m -> held.put(key, new LinkedHashMap<>(m))));
        return held;
    }

    @Override
    protected void failNextCallWithRateLimit(Duration retryAfter) {
        google.failNext(FakeGoogleAds.resourceExhausted(retryAfter.toSeconds() + "s"));
    }

    @Override
    protected void failNextCallWithServerError() {
        google.failNext(FakeGoogleAds.status(500, "INTERNAL", "Internal error encountered.", java.util.List.of(
                FakeGoogleAds.error("internalError", "INTERNAL_ERROR", "An internal error has occurred.", -1))));
    }

    @Override
    protected void rejectInNextBatch(Map<String, Rejection> rejections) {
        rejections.forEach((key, r) -> google.reject(hashedEmails.get(key), r.retryable(), r.message()));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
