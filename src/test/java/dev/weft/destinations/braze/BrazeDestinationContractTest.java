package dev.weft.destinations.braze;

import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationConnection;
import dev.weft.destinations.DestinationContract;
import dev.weft.destinations.Operation;
import dev.weft.destinations.SyncRecord;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shared destination behaviour against a fake Braze workspace, as user profiles keyed by
 * external_id (the record key doubles as the external_id). {@link BrazeAudienceDestinationContractTest}
 * runs it as subscription-group membership.
 */
class BrazeDestinationContractTest extends DestinationContract {

    protected FakeBraze braze;

    protected Map<String, String> options() {
        return Map.of();
    }

    @Override
    protected Destination openDestination() throws IOException {
        braze = new FakeBraze();
        serve(braze);
        return open(FakeBraze.API_KEY);
    }

    @Override
    protected Destination openWithBadCredentials() {
        return open("revoked-key");
    }

    private Destination open(String key) {
        DestinationConnection connection = new DestinationConnection("c1", "workspace", "braze",
                Map.of("base-url", server.url("/").toString()), Map.of("api-key", key));
        return new BrazeDestinationProvider().open(connection, new HashMap<>(options()));
    }

    @Override
    protected SyncRecord sampleRecord(int i, Operation operation) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("external_id", "key-" + i);
        fields.put("first_name", "Name " + i);
        fields.put("email", "user" + i + "@example.com");
        fields.put("lifetime_value", 10.5 * i);
        return new SyncRecord("key-" + i, operation, fields);
    }

    @Override
    protected Map<String, Map<String, Object>> held() {
        return new LinkedHashMap<>(braze.users);
    }

    @Override
    protected void failNextCallWithRateLimit(Duration retryAfter) {
        braze.rateLimitNext(retryAfter);
    }

    @Override
    protected void failNextCallWithServerError() {
        braze.failNext(new MockResponse().setResponseCode(500).setBody("{\"message\":\"Internal Server Error\"}"));
    }

    @Override
    protected void rejectInNextBatch(Map<String, Rejection> rejections) {
        if (rejections.values().stream().anyMatch(Rejection::retryable)) {
            Assumptions.abort("Braze's per-object errors (type, input_array, index) report invalid objects only; "
                    + "none is retryable (BrazeDestinationTest maps them to rows)");
        }
        rejections.forEach((key, r) -> braze.reject(key, r.message()));
    }
}
