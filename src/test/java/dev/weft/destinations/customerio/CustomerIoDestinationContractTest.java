package dev.weft.destinations.customerio;

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
 * The shared destination behaviour against a fake Customer.io workspace, as people identified by
 * {@code id}. {@link CustomerIoAttributeDestinationContractTest} and
 * {@link CustomerIoSegmentDestinationContractTest} run it as audience membership.
 */
class CustomerIoDestinationContractTest extends DestinationContract {

    protected FakeCustomerIo customerIo;
    /** The fake holds people by cio_id with their id attribute; the suite reads them back by record key. */
    protected final Map<String, String> keyById = new ConcurrentHashMap<>();

    protected Map<String, String> options() {
        return Map.of();
    }

    @Override
    protected Destination openDestination() throws IOException {
        customerIo = new FakeCustomerIo();
        serve(customerIo);
        return open(FakeCustomerIo.API_KEY);
    }

    @Override
    protected Destination openWithBadCredentials() {
        return open("revoked-key");
    }

    private Destination open(String apiKey) {
        DestinationConnection connection = new DestinationConnection("c1", "workspace", "customerio",
                Map.of("base-url", server.url("/").toString(), "site-id", FakeCustomerIo.SITE_ID), Map.of("api-key", apiKey));
        return new CustomerIoDestinationProvider().open(connection, new HashMap<>(options()));
    }

    @Override
    protected SyncRecord sampleRecord(int i, Operation operation) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", "user-" + i);
        fields.put("first_name", "Name " + i);
        fields.put("email", "user" + i + "@example.com");
        fields.put("lifetime_value", 10.5 * i);
        keyById.put("user-" + i, "key-" + i);
        return new SyncRecord("key-" + i, operation, fields);
    }

    /** The people the fake holds, keyed by the record key that identified them. */
    protected Map<String, Map<String, Object>> byKey(Iterable<Map<String, Object>> people) {
        Map<String, Map<String, Object>> held = new LinkedHashMap<>();
        for (Map<String, Object> person : people) {
            Object id = person.get("id");
            if (id != null) {
                held.put(keyById.getOrDefault(id.toString(), id.toString()), person);
            }
        }
        return held;
    }

    @Override
    protected Map<String, Map<String, Object>> held() {
        return byKey(customerIo.people.values());
    }

    @Override
    protected void failNextCallWithRateLimit(Duration retryAfter) {
        customerIo.failNext(FakeCustomerIo.json(429, "{\"meta\":{\"error\":\"Too Many Requests\"}}")
                .setHeader("Retry-After", retryAfter.toSeconds()));
    }

    @Override
    protected void failNextCallWithServerError() {
        customerIo.failNext(new MockResponse().setResponseCode(503).setBody("Service Unavailable"));
    }

    @Override
    protected void rejectInNextBatch(Map<String, Rejection> rejections) {
        if (rejections.values().stream().anyMatch(Rejection::retryable)) {
            Assumptions.abort("Customer.io's 207 errors (batch_index, reason, field, message) report invalid operations "
                    + "only; none is retryable (CustomerIoDestinationTest maps them to rows)");
        }
        keyById.forEach((id, key) -> {
            Rejection r = rejections.get(key);
            if (r != null) {
                customerIo.reject(id, r.message());
            }
        });
    }
}
