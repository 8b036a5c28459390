package dev.weft.destinations.klaviyo;

import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationConnection;
import dev.weft.destinations.DestinationContract;
import dev.weft.destinations.Operation;
import dev.weft.destinations.SyncRecord;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shared destination behaviour against a fake Klaviyo account, as profiles upserted by email through
 * Bulk Import Profiles jobs. {@link KlaviyoListDestinationContractTest} runs it as list membership.
 */
class KlaviyoDestinationContractTest extends DestinationContract {

    protected FakeKlaviyo klaviyo;
    /** The fake holds profiles by Klaviyo id; the suite reads them back by record key, through the email. */
    protected final Map<String, String> keyByEmail = new ConcurrentHashMap<>();

    protected Map<String, String> options() {
        return Map.of();
    }

    @Override
    protected Destination openDestination() throws IOException {
        klaviyo = new FakeKlaviyo();
        serve(klaviyo);
        return open(FakeKlaviyo.API_KEY);
    }

    @Override
    protected Destination openWithBadCredentials() {
        return open("pk_revoked0000000000000000000000000000");
    }

    private Destination open(String key) {
        DestinationConnection connection = new DestinationConnection("c1", "account", "klaviyo",
                Map.of("base-url", server.url("/").toString()), Map.of("api-key", key));
        return new KlaviyoDestinationProvider().open(connection, new HashMap<>(options()));
    }

    @Override
    protected SyncRecord sampleRecord(int i, Operation operation) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("email", "user" + i + "@example.com");
        fields.put("first_name", "Name " + i);
        fields.put("location.city", "City " + i);
        fields.put("properties.lifetime_value", 10.5 * i);
        keyByEmail.put("user" + i + "@example.com", "key-" + i);
        return new SyncRecord("key-" + i, operation, fields);
    }

    /** Profiles (or, for a list, its members) by record key, with their attributes flattened to mapping paths. */
    protected Map<String, Map<String, Object>> held(Iterable<String> profileIds) {
        Map<String, Map<String, Object>> held = new LinkedHashMap<>();
        synchronized (klaviyo) {
            for (String id : profileIds) {
                Map<String, Object> fields = FakeKlaviyo.flatten(klaviyo.profiles.get(id));
                String email = String.valueOf(fields.get("email"));
                held.put(keyByEmail.getOrDefault(email, email), fields);
            }
        }
        return held;
    }

    @Override
    protected Map<String, Map<String, Object>> held() {
        synchronized (klaviyo) {
            return held(new ArrayList<>(klaviyo.profiles.keySet()));
        }
    }

    @Override
    protected void failNextCallWithRateLimit(Duration retryAfter) {
        MockResponse throttled = FakeKlaviyo.error(429, "throttled", "Request was throttled.",
                "Request was throttled. Expected available in " + retryAfter.toSeconds() + " second.", "/data/");
        klaviyo.failNext(throttled.setHeader("Retry-After", retryAfter.toSeconds()));
    }

    @Override
    protected void failNextCallWithServerError() {
        klaviyo.failNext(FakeKlaviyo.error(503, "error", "A server error occurred.", "Service unavailable.", null));
    }

    @Override
    protected void rejectInNextBatch(Map<String, Rejection> rejections) {
        if (rejections.values().stream().anyMatch(Rejection::retryable)) {
            Assumptions.abort("Klaviyo's import errors report profiles it could not import (invalid input); it "
                    + "documents none as transient, so none is retryable (KlaviyoDestinationTest maps them to rows)");
        }
        keyByEmail.forEach((email, key) -> {
            Rejection r = rejections.get(key);
            if (r != null) {
                klaviyo.reject(email, "invalid", r.message());
            }
        });
    }
}
