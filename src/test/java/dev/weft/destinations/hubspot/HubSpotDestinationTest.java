package dev.weft.destinations.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.WeftException;
import dev.weft.destinations.Batch;
import dev.weft.destinations.BatchResult;
import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationConnection;
import dev.weft.destinations.DestinationException;
import dev.weft.destinations.Operation;
import dev.weft.destinations.RecordResult;
import dev.weft.destinations.SyncMode;
import dev.weft.destinations.SyncRecord;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HubSpotDestinationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MockWebServer server;
    private FakeHubSpot hubspot;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        hubspot = new FakeHubSpot();
        server.setDispatcher(hubspot);
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private DestinationConnection connection(Map<String, String> extra) {
        Map<String, String> settings = new java.util.HashMap<>(extra);
        settings.put("base-url", server.url("/").toString());
        return new DestinationConnection("c1", "crm", "hubspot", settings, Map.of("access-token", FakeHubSpot.TOKEN));
    }

    private Destination contacts() {
        return new HubSpotDestinationProvider().open(connection(Map.of()), Map.of());
    }

    private static Batch batch(SyncMode mode, List<SyncRecord> records) {
        return new Batch("s1", "r1", mode, "idem-1", records);
    }

    private static SyncRecord contact(String key, String email, String firstName) {
        return new SyncRecord(key, Operation.ADD, Map.of("email", email, "firstname", firstName));
    }

    @Test
    void upsertsByEmailWithTheTokenAndStringPropertiesAndNormalizedEmails() throws Exception {
        try (Destination d = contacts()) {
            BatchResult result = d.send(batch(SyncMode.UPSERT, List.of(
                    new SyncRecord("k1", Operation.ADD, Map.of("email", "  Ann@Example.COM ", "firstname", "Ann",
                            "lifetime_value", 12.5, "vip", true)))));
            assertThat(result.results()).containsExactly(RecordResult.ok("k1"));
        }
        RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getPath()).isEqualTo("/crm/v3/objects/contacts/batch/upsert");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + FakeHubSpot.TOKEN);
        JsonNode input = JSON.readTree(request.getBody().readUtf8()).path("inputs").get(0);
        assertThat(input.path("idProperty").asText()).isEqualTo("email");
        assertThat(input.path("id").asText()).isEqualTo("ann@example.com");
        assertThat(input.path("properties").path("email").asText()).isEqualTo("ann@example.com");
        assertThat(input.path("properties").path("lifetime_value").isTextual()).isTrue();
        assertThat(input.path("properties").path("lifetime_value").asText()).isEqualTo("12.5");
        assertThat(input.path("properties").path("vip").asText()).isEqualTo("true");
        assertThat(hubspot.contacts()).containsKey("ann@example.com");
    }

    @Test
    void rejectsABatchAboveOneHundredWithoutCallingHubSpot() {
        List<SyncRecord> records = IntStream.range(0, 101)
                .mapToObj(i -> contact("k" + i, "u" + i + "@x.com", "U" + i)).toList();
        try (Destination d = contacts()) {
            assertThatThrownBy(() -> d.send(batch(SyncMode.UPSERT, records)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("101")
                    .hasMessageContaining("limit of 100");
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void multiStatusErrorsAreMappedToTheRowsTheirContextNames() {
        hubspot.reject("bad@x.com", false, "Property values were not valid: INVALID_EMAIL");
        try (Destination d = contacts()) {
            BatchResult result = d.send(batch(SyncMode.UPSERT, List.of(
                    contact("k1", "good@x.com", "Good"),
                    contact("k2", "Bad@X.com", "Bad"),
                    contact("k3", "fine@x.com", "Fine"))));
            assertThat(result.results()).extracting(RecordResult::key, RecordResult::outcome).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("k1", RecordResult.Outcome.OK),
                    org.assertj.core.groups.Tuple.tuple("k2", RecordResult.Outcome.PERMANENT),
                    org.assertj.core.groups.Tuple.tuple("k3", RecordResult.Outcome.OK));
            assertThat(result.results().get(1).message()).contains("VALIDATION_ERROR").contains("INVALID_EMAIL");
        }
        assertThat(hubspot.contacts()).containsKeys("good@x.com", "fine@x.com").doesNotContainKey("bad@x.com");
    }

    @Test
    void anErrorThatNamesNoIdIsChargedToTheRowsHubSpotDidNotConfirm() {
        server.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setResponseCode(207).setHeader("Content-Type", "application/json").setBody("""
                        {"status":"COMPLETE","results":[{"id":"1","properties":{"email":"a@x.com"}}],
                         "numErrors":1,"errors":[{"status":"error","category":"VALIDATION_ERROR",
                         "message":"Property values were not valid","context":{}}]}""");
            }
        });
        try (Destination d = contacts()) {
            BatchResult result = d.send(batch(SyncMode.UPSERT, List.of(contact("k1", "a@x.com", "A"), contact("k2", "b@x.com", "B"))));
            assertThat(result.results().get(0)).isEqualTo(RecordResult.ok("k1"));
            assertThat(result.results().get(1).outcome()).isEqualTo(RecordResult.Outcome.PERMANENT);
            assertThat(result.results().get(1).message()).contains("Property values were not valid");
        }
    }

    @Test
    void rateLimitIsRetryableWithTheRetryAfterDelay() {
        hubspot.rateLimitNext(Duration.ofSeconds(7));
        try (Destination d = contacts()) {
            assertThatThrownBy(() -> d.send(batch(SyncMode.UPSERT, List.of(contact("k1", "a@x.com", "A")))))
                    .isInstanceOfSatisfying(DestinationException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
                        assertThat(e.getMessage()).contains("429").contains("ten_secondly_rolling");
                    });
        }
    }

    @Test
    void withoutRetryAfterTheBurstPolicyNamedInTheBodySetsTheDelay() {
        hubspot.failNext(new MockResponse().setResponseCode(429).setHeader("Content-Type", "application/json")
                .setBody("{\"status\":\"error\",\"message\":\"You have reached your ten_secondly_rolling limit.\","
                        + "\"errorType\":\"RATE_LIMIT\",\"policyName\":\"TEN_SECONDLY_ROLLING\"}"));
        hubspot.failNext(new MockResponse().setResponseCode(429).setHeader("Content-Type", "application/json")
                .setBody("{\"status\":\"error\",\"message\":\"You have reached your daily limit.\","
                        + "\"errorType\":\"RATE_LIMIT\",\"policyName\":\"DAILY\"}"));
        try (Destination d = contacts()) {
            Batch one = batch(SyncMode.UPSERT, List.of(contact("k1", "a@x.com", "A")));
            assertThatThrownBy(() -> d.send(one)).isInstanceOfSatisfying(DestinationException.class,
                    e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(10)));
            assertThatThrownBy(() -> d.send(one)).isInstanceOfSatisfying(DestinationException.class, e -> {
                assertThat(e.retryable()).isTrue();
                assertThat(e.retryAfter()).isEmpty();
            });
        }
    }

    @Test
    void updateModeCallsBatchUpdateAndReportsUnknownContactsPerRow() throws Exception {
        hubspot.contacts().put("known@x.com", new java.util.LinkedHashMap<>(Map.of("email", "known@x.com")));
        try (Destination d = contacts()) {
            BatchResult result = d.send(batch(SyncMode.UPDATE, List.of(
                    contact("k1", "known@x.com", "Known"), contact("k2", "new@x.com", "New"))));
            assertThat(result.results().get(0)).isEqualTo(RecordResult.ok("k1"));
            assertThat(result.results().get(1).outcome()).isEqualTo(RecordResult.Outcome.PERMANENT);
            assertThat(result.results().get(1).message()).contains("OBJECT_NOT_FOUND");
        }
        assertThat(server.takeRequest().getPath()).isEqualTo("/crm/v3/objects/contacts/batch/update");
        assertThat(hubspot.contacts()).doesNotContainKey("new@x.com");
        assertThat(hubspot.contacts().get("known@x.com")).containsEntry("firstname", "Known");
    }

    @Test
    void rowsWithoutTheIdPropertyFailAloneAndRemovalsAreRefused() {
        try (Destination d = contacts()) {
            BatchResult result = d.send(batch(SyncMode.UPSERT, List.of(
                    new SyncRecord("k1", Operation.ADD, Map.of("firstname", "No email")),
                    new SyncRecord("k2", Operation.REMOVE, Map.of("email", "gone@x.com")),
                    contact("k3", "ok@x.com", "Ok"))));
            assertThat(result.results()).extracting(RecordResult::outcome).containsExactly(
                    RecordResult.Outcome.PERMANENT, RecordResult.Outcome.PERMANENT, RecordResult.Outcome.OK);
            assertThat(result.results().get(0).message()).contains("'email'");
        }
    }

    @Test
    void declaresThePortalBurstLimitPerConnection() {
        try (Destination d = contacts()) {
            assertThat(d.capabilities().rateLimit().requests()).isEqualTo(100);
            assertThat(d.capabilities().rateLimit().period()).isEqualTo(Duration.ofSeconds(10));
            assertThat(d.capabilities().maxBatchSize()).isEqualTo(100);
            assertThat(d.capabilities().identifierKinds()).containsExactly("email");
            assertThat(d.capabilities().fields()).anySatisfy(f -> {
                assertThat(f.name()).isEqualTo("email");
                assertThat(f.identifier()).isTrue();
            });
        }
        try (Destination d = new HubSpotDestinationProvider().open(connection(Map.of("requests-per-10-seconds", "190")), Map.of())) {
            assertThat(d.capabilities().rateLimit().requests()).isEqualTo(190);
        }
    }

    @Test
    void companiesNeedAnIdPropertyAndUseIt() throws Exception {
        HubSpotDestinationProvider provider = new HubSpotDestinationProvider();
        assertThatThrownBy(() -> provider.open(connection(Map.of()), Map.of("object", "companies")))
                .isInstanceOf(WeftException.class).hasMessageContaining("id-property");
        assertThatThrownBy(() -> provider.open(connection(Map.of()), Map.of("object", "deals")))
                .isInstanceOf(WeftException.class).hasMessageContaining("'object'");
        try (Destination d = provider.open(connection(Map.of()), Map.of("object", "companies", "id-property", "external_id"))) {
            d.send(batch(SyncMode.UPSERT, List.of(new SyncRecord("k1", Operation.ADD,
                    Map.of("external_id", "ACME-1", "name", "Acme")))));
            assertThat(d.capabilities().identifierKinds()).containsExactly("external_id");
        }
        RecordedRequest request = server.takeRequest();
        assertThat(request.getPath()).isEqualTo("/crm/v3/objects/companies/batch/upsert");
        assertThat(JSON.readTree(request.getBody().readUtf8()).path("inputs").get(0).path("id").asText()).isEqualTo("ACME-1");
    }

    @Test
    void aListMirrorUpsertsAndAddsMembersAndTakesRemovedOnesOffByRecordId() throws Exception {
        hubspot.contacts().put("old@x.com", new java.util.LinkedHashMap<>(Map.of("email", "old@x.com", "hs_object_id", "77")));
        hubspot.list("417").add("77");
        try (Destination d = new HubSpotDestinationProvider().open(connection(Map.of()), Map.of("list-id", "417"))) {
            assertThat(d.capabilities().modes()).containsExactlyInAnyOrder(SyncMode.MIRROR, SyncMode.UPSERT);
            assertThat(d.capabilities().rateLimit().requests()).isEqualTo(33); // three calls per batch
            BatchResult result = d.send(batch(SyncMode.MIRROR, List.of(
                    contact("k1", "New@x.com", "New"),
                    new SyncRecord("k2", Operation.REMOVE, Map.of("email", "old@x.com")),
                    new SyncRecord("k3", Operation.REMOVE, Map.of("email", "never@x.com")))));
            assertThat(result.results()).extracting(RecordResult::outcome).containsOnly(RecordResult.Outcome.OK);
        }
        RecordedRequest upsert = server.takeRequest();
        assertThat(upsert.getPath()).isEqualTo("/crm/v3/objects/contacts/batch/upsert");
        assertThat(JSON.readTree(upsert.getBody().readUtf8()).path("inputs")).hasSize(1);
        RecordedRequest read = server.takeRequest();
        assertThat(read.getPath()).isEqualTo("/crm/v3/objects/contacts/batch/read");
        JsonNode readBody = JSON.readTree(read.getBody().readUtf8());
        assertThat(readBody.path("idProperty").asText()).isEqualTo("email");
        assertThat(readBody.path("inputs")).extracting(n -> n.path("id").asText()).containsExactly("old@x.com", "never@x.com");
        RecordedRequest change = server.takeRequest();
        assertThat(change.getMethod()).isEqualTo("PUT");
        assertThat(change.getPath()).isEqualTo("/crm/v3/lists/417/memberships/add-and-remove");
        JsonNode changeBody = JSON.readTree(change.getBody().readUtf8());
        String newId = hubspot.contacts().get("new@x.com").get("hs_object_id");
        assertThat(changeBody.path("recordIdsToAdd")).extracting(JsonNode::asText).containsExactly(newId);
        assertThat(changeBody.path("recordIdsToRemove")).extracting(JsonNode::asText).containsExactly("77");
        assertThat(hubspot.list("417")).containsExactly(newId);
        assertThat(hubspot.contacts()).containsKey("old@x.com"); // leaving the list keeps the contact
        assertThatThrownBy(() -> new HubSpotDestinationProvider().open(connection(Map.of()), Map.of("list-id", "vips")))
                .isInstanceOf(WeftException.class).hasMessageContaining("'list-id'");
    }

    @Test
    void connectionTestReadsOneContact() throws Exception {
        try (Destination d = contacts()) {
            assertThat(d.test().ok()).isTrue();
        }
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getPath()).isEqualTo("/crm/v3/objects/contacts?limit=1");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + FakeHubSpot.TOKEN);
    }
}
