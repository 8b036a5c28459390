package dev.weft.destinations.hubspot;

import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationConnection;
import dev.weft.destinations.DestinationContract;
import dev.weft.destinations.Operation;
import dev.weft.destinations.SyncRecord;
import okhttp3.mockwebserver.MockResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The shared destination behaviour, against a fake HubSpot portal (contacts by email). */
class HubSpotDestinationContractTest extends DestinationContract {

    protected FakeHubSpot hubspot;
    /** The fake stores contacts by email; the suite reads them back by record key. */
    private final Map<String, String> keyByEmail = new ConcurrentHashMap<>();

    @Override
    protected Destination openDestination() throws IOException {
        hubspot = new FakeHubSpot();
        serve(hubspot);
        return open(FakeHubSpot.TOKEN);
    }

    @Override
    protected Destination openWithBadCredentials() {
        return open("pat-na1-revoked");
    }

    protected Map<String, String> options() {
        return Map.of("object", "contacts");
    }

    private Destination open(String token) {
        DestinationConnection connection = new DestinationConnection("c1", "crm", "hubspot",
                Map.of("base-url", server.url("/").toString()), Map.of("access-token", token));
        return new HubSpotDestinationProvider().open(connection, options());
    }

    @Override
    protected SyncRecord sampleRecord(int i, Operation operation) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("email", "user" + i + "@example.com");
        fields.put("firstname", "Name " + i);
        fields.put("lifetime_value", 10.5 * i);
        keyByEmail.put("user" + i + "@example.com", "key-" + i);
        return new SyncRecord("key-" + i, operation, fields);
    }

    @Override
    protected Map<String, Map<String, Object>> held() {
        Map<String, Map<String, Object>> held = new LinkedHashMap<>();
        hubspot.contacts().forEach((email, props) -> held.put(keyByEmail.getOrDefault(email, email), new LinkedHashMap<>(props)));
        return held;
    }

    @Override
    protected void failNextCallWithRateLimit(Duration retryAfter) {
        hubspot.rateLimitNext(retryAfter);
    }

    @Override
    protected void failNextCallWithServerError() {
        hubspot.failNext(new MockResponse().setResponseCode(502).setBody("Bad Gateway"));
    }

    @Override
    protected void rejectInNextBatch(Map<String, Rejection> rejections) {
        keyByEmail.forEach((email, key) -> {
            Rejection r = rejections.get(key);
            if (r != null) {
                hubspot.reject(email, r.retryable(), r.message());
            }
        });
    }
}
