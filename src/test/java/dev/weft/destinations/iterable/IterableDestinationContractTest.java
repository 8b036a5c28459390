package dev.weft.destinations.iterable;

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
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shared destination behaviour against a fake Iterable project, as users upserted by email.
 * {@link IterableListDestinationContractTest} runs it as static-list membership.
 */
class IterableDestinationContractTest extends DestinationContract {

    protected FakeIterable iterable;
    /** The fake keys users by email; the suite reads them back by record key. */
    protected final Map<String, String> keyByEmail = new ConcurrentHashMap<>();

    protected Map<String, String> options() {
        return Map.of();
    }

    @Override
    protected Destination openDestination() throws IOException {
        iterable = new FakeIterable();
        serve(iterable);
        return open(FakeIterable.API_KEY);
    }

    @Override
    protected Destination openWithBadCredentials() {
        return open("revoked");
    }

    private Destination open(String key) {
        DestinationConnection connection = new DestinationConnection("c1", "project", "iterable",
                Map.of("base-url", server.url("/").toString()), Map.of("api-key", key));
        return new IterableDestinationProvider().open(connection, new HashMap<>(options()));
    }

    @Override
    protected SyncRecord sampleRecord(int i, Operation operation) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("email", "user" + i + "@example.com");
        fields.put("firstName", "Name " + i);
        fields.put("lifetime_value", 10.5 * i);
        keyByEmail.put("user" + i + "@example.com", "key-" + i);
        return new SyncRecord("key-" + i, operation, fields);
    }

    protected Map<String, Map<String, Object>> byKey(Map<String, Map<String, Object>> byEmail) {
        Map<String, Map<String, Object>> held = new LinkedHashMap<>();
        byEmail.forEach((email, fields) -> held.put(keyByEmail.getOrDefault(email, email), fields));
        return held;
    }

    @Override
    protected Map<String, Map<String, Object>> held() {
        return byKey(iterable.users);
    }

    @Override
    protected void failNextCallWithRateLimit(Duration retryAfter) {
        iterable.failNext(new MockResponse().setResponseCode(429).setHeader("Retry-After", retryAfter.toSeconds())
                .setHeader("Content-Type", "application/json")
                .setBody("{\"msg\":\"Rate limit exceeded\",\"code\":\"RateLimitExceeded\",\"params\":null}"));
    }

    @Override
    protected void failNextCallWithServerError() {
        iterable.failNext(new MockResponse().setResponseCode(500)
                .setBody("{\"msg\":\"Internal error\",\"code\":\"GenericError\",\"params\":null}"));
    }

    @Override
    protected void rejectInNextBatch(Map<String, Rejection> rejections) {
        Assumptions.abort("Iterable reports failed users by reason only (invalidEmails, failedUpdates.*), with no "
                + "message of its own and none retryable (IterableDestinationTest maps them to rows)");
    }
}
