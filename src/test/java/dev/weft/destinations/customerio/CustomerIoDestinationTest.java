package dev.weft.destinations.customerio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.WeftException;
import dev.weft.destinations.Batch;
import dev.weft.destinations.BatchResult;
import dev.weft.destinations.ConnectionCheck;
import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationConnection;
import dev.weft.destinations.DestinationException;
import dev.weft.destinations.Operation;
import dev.weft.destinations.RecordResult;
import dev.weft.destinations.SyncMode;
import dev.weft.destinations.SyncRecord;
import okhttp3.Credentials;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

class CustomerIoDestinationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MockWebServer server;
    private FakeCustomerIo customerIo;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        customerIo = new FakeCustomerIo();
        server.setDispatcher(customerIo);
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private Destination open(Map<String, String> options) {
        return open(FakeCustomerIo.API_KEY, Map.of(), options);
    }

    private Destination open(String apiKey, Map<String, String> settings, Map<String, String> options) {
        Map<String, String> all = new HashMap<>(Map.of("base-url", server.url("/").toString(), "site-id", FakeCustomerIo.SITE_ID));
        all.putAll(settings);
        return new CustomerIoDestinationProvider().open(new DestinationConnection("c1", "workspace", "customerio",
                all, Map.of("api-key", apiKey)), options);
    }

    private static Batch batch(SyncMode mode, List<SyncRecord> records) {
        return new Batch("s1", "r1", mode, "idem", records);
    }

    private static SyncRecord person(String key, String id, Operation op) {
        return new SyncRecord(key, op, Map.of("id", id, "plan", "pro"));
    }

    private JsonNode body(RecordedRequest request) throws IOException {
        assertThat(request.getHeader("Authorization")).isEqualTo(Credentials.basic(FakeCustomerIo.SITE_ID, FakeCustomerIo.API_KEY));
        return JSON.readTree(request.getBody().readUtf8());
    }

    @Test
    void identifiesPeopleInOneBatchWithTheIdentifierApartFromTheAttributes() throws Exception {
        try (Destination d = open(Map.of())) {
            BatchResult result = d.send(batch(SyncMode.UPSERT, List.of(
                    new SyncRecord("k1", Operation.ADD, Map.of("id", " 42 ", "email", "ada@example.com", "lifetime_value", 120.5)),
                    new SyncRecord("k2", Operation.CHANGE, Map.of("id", 43, "plan", "pro")))));
            assertThat(result.results()).containsExactly(RecordResult.ok("k1"), RecordResult.ok("k2"));
        }
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getPath()).isEqualTo("/api/v2/batch");
        JsonNode operations = body(request).path("batch");
        assertThat(operations).hasSize(2);
        JsonNode first = operations.get(0);
        assertThat(first.path("type").asText()).isEqualTo("person");
        assertThat(first.path("action").asText()).isEqualTo("identify");
        assertThat(first.path("identifiers").toString()).isEqualTo("{\"id\":\"42\"}");
        assertThat(first.path("attributes").has("id")).isFalse();
        assertThat(first.path("attributes").path("email").asText()).isEqualTo("ada@example.com");
        assertThat(first.path("attributes").path("lifetime_value").asDouble()).isEqualTo(120.5);
        assertThat(first.path("attributes").has("_update")).isFalse();
        assertThat(operations.get(1).path("identifiers").path("id").isTextual()).as("ids go out as strings").isTrue();
        assertThat(customerIo.person("id", "42")).containsEntry("email", "ada@example.com");
        assertThat(customerIo.person("id", "43")).containsEntry("plan", "pro");
    }

    @Test
    void updateModeOnlyUpdatesPeopleCustomerIoAlreadyHas() throws Exception {
        customerIo.addPerson(Map.of("id", "known"));
        try (Destination d = open(Map.of())) {
            assertThat(d.capabilities().modes()).containsExactlyInAnyOrder(SyncMode.UPSERT, SyncMode.UPDATE);
            BatchResult result = d.send(batch(SyncMode.UPDATE, List.of(person("k1", "known", Operation.CHANGE),
                    person("k2", "stranger", Operation.CHANGE))));
            assertThat(result.results()).extracting(RecordResult::outcome).containsOnly(RecordResult.Outcome.OK);
        }
        JsonNode operations = body(server.takeRequest()).path("batch");
        assertThat(operations).allSatisfy(op -> assertThat(op.path("attributes").path("_update").asBoolean()).isTrue());
        assertThat(customerIo.person("id", "known")).containsEntry("plan", "pro");
        assertThat(customerIo.person("id", "stranger")).isNull();
    }

    @Test
    void emailsAreNormalizedAndInvalidOrMissingIdentifiersAreReportedAndNeverSent() throws Exception {
        try (Destination d = open(Map.of("identifier", "email"))) {
            BatchResult result = d.send(batch(SyncMode.UPSERT, List.of(
                    new SyncRecord("k1", Operation.ADD, Map.of("email", "  Ada@Example.COM ", "plan", "pro")),
                    new SyncRecord("k2", Operation.ADD, Map.of("email", "not an address", "plan", "pro")),
                    new SyncRecord("k3", Operation.ADD, Map.of("email", "  ", "plan", "pro")),
                    new SyncRecord("k4", Operation.ADD, Map.of("plan", "no identifier")))));
            assertThat(result.results()).extracting(RecordResult::key, RecordResult::outcome).containsExactly(
                    tuple("k1", RecordResult.Outcome.OK),
                    tuple("k2", RecordResult.Outcome.PERMANENT),
                    tuple("k3", RecordResult.Outcome.PERMANENT),
                    tuple("k4", RecordResult.Outcome.PERMANENT));
            assertThat(result.results().get(1).message()).contains("not a valid email address").contains("not an address");
            assertThat(result.results().get(2).message()).contains("missing the identifier 'email'");
            assertThat(result.results().get(3).message()).contains("missing the identifier 'email'");
        }
        JsonNode operations = body(server.takeRequest()).path("batch");
        assertThat(operations).hasSize(1);
        assertThat(operations.get(0).path("identifiers").toString()).isEqualTo("{\"email\":\"ada@example.com\"}");
        assertThat(operations.get(0).path("attributes").has("email")).isFalse();
        assertThat(customerIo.people).hasSize(1);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void perOperationErrorsOfA207AreMappedToTheirRowsByBatchIndex() {
        customerIo.reject("u3", "cio_subscription_preferences.topics must hold booleans");
        try (Destination d = open(Map.of())) {
            BatchResult result = d.send(batch(SyncMode.UPSERT, List.of(
                    person("k1", "u1", Operation.ADD),
                    new SyncRecord("k2", Operation.ADD, Map.of("id", "u2", "bio", "x".repeat(1_001))),
                    person("k3", "u3", Operation.ADD),
                    person("k4", "u4", Operation.ADD))));
            assertThat(result.results()).extracting(RecordResult::key, RecordResult::outcome).containsExactly(
                    tuple("k1", RecordResult.Outcome.OK),
                    tuple("k2", RecordResult.Outcome.PERMANENT),
                    tuple("k3", RecordResult.Outcome.PERMANENT),
                    tuple("k4", RecordResult.Outcome.OK));
            assertThat(result.results().get(1).message()).contains("attributes.bio").contains("cannot be longer than 1000 bytes");
            assertThat(result.results().get(2).message()).contains("topics must hold booleans");
        }
        assertThat(customerIo.person("id", "u1")).isNotNull();
        assertThat(customerIo.person("id", "u2")).isNull();
        assertThat(customerIo.person("id", "u3")).isNull();
        assertThat(customerIo.person("id", "u4")).isNotNull();
    }

    @Test
    void a207ErrorWithoutAnIndexLeavesTheRowsOfItsRequestToRetry() {
        customerIo.failNext(FakeCustomerIo.json(207, "{\"errors\":[{\"reason\":\"invalid\",\"field\":\"batch\",\"message\":\"malformed entry\"}]}"));
        try (Destination d = open(Map.of())) {
            BatchResult result = d.send(batch(SyncMode.UPSERT, List.of(person("k1", "u1", Operation.ADD), person("k2", "u2", Operation.ADD))));
            assertThat(result.results()).allSatisfy(r -> {
                assertThat(r.outcome()).isEqualTo(RecordResult.Outcome.RETRYABLE);
                assertThat(r.message()).contains("malformed entry");
            });
        }
    }

    @Test
    void aLargeBatchIsSplitIntoRequestsUnder500KilobytesAndAnOversizedPersonIsNeverSent() {
        // 1,000 people of about 2 kB each: about 2 MB, so at least five requests.
        List<SyncRecord> records = new java.util.ArrayList<>(IntStream.range(0, 999).mapToObj(i -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("id", "u" + i);
            fields.put("notes_a", "a".repeat(990));
            fields.put("notes_b", "b".repeat(990));
            return new SyncRecord("k" + i, Operation.ADD, fields);
        }).toList());
        Map<String, Object> huge = new LinkedHashMap<>();
        huge.put("id", "huge");
        IntStream.range(0, 40).forEach(i -> huge.put("field_" + i, "z".repeat(900)));
        records.add(new SyncRecord("k-huge", Operation.ADD, huge));
        try (Destination d = open(Map.of())) {
            BatchResult result = d.send(batch(SyncMode.UPSERT, records));
            assertThat(result.results()).hasSize(1_000);
            assertThat(result.results().subList(0, 999)).allSatisfy(r ->
                    assertThat(r.outcome()).as("%s: %s", r.key(), r.message()).isEqualTo(RecordResult.Outcome.OK));
            RecordResult oversized = result.results().get(999);
            assertThat(oversized.outcome()).isEqualTo(RecordResult.Outcome.PERMANENT);
            assertThat(oversized.message()).contains("at most 32000");
        }
        assertThat(customerIo.batchRequestBytes).hasSizeGreaterThanOrEqualTo(5)
                .allSatisfy(bytes -> assertThat(bytes).isLessThan(FakeCustomerIo.MAX_REQUEST_BYTES));
        assertThat(customerIo.batchRequestBytes.stream().mapToInt(Integer::intValue).sum()).isGreaterThan(1_900_000);
        assertThat(customerIo.people).hasSize(999);
        assertThat(customerIo.person("id", "huge")).isNull();
    }

    @Test
    void rejectsMoreThanAThousandRecordsWithoutCallingCustomerIo() {
        List<SyncRecord> records = IntStream.range(0, 1_001).mapToObj(i -> person("k" + i, "u" + i, Operation.ADD)).toList();
        try (Destination d = open(Map.of())) {
            assertThatThrownBy(() -> d.send(batch(SyncMode.UPSERT, records)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit of 1000");
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void withoutAnAudienceRemovalsAreRefusedAndNothingIsSent() {
        try (Destination d = open(Map.of())) {
            BatchResult result = d.send(batch(SyncMode.UPSERT, List.of(person("k1", "u1", Operation.REMOVE))));
            assertThat(result.results().get(0).outcome()).isEqualTo(RecordResult.Outcome.PERMANENT);
            assertThat(result.results().get(0).message()).contains("membership-attribute").contains("segment-id");
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aMembershipAttributeIsTrueForMembersAndFalseForLeaversWithoutCreatingStrangers() throws Exception {
        customerIo.addPerson(Map.of("id", "leaver", "weft_vip", "true", "plan", "pro"));
        try (Destination d = open(Map.of("membership-attribute", "weft_vip"))) {
            assertThat(d.capabilities().modes()).containsExactlyInAnyOrder(SyncMode.MIRROR, SyncMode.UPSERT);
            BatchResult result = d.send(batch(SyncMode.MIRROR, List.of(
                    person("k1", "joiner", Operation.ADD),
                    person("k2", "leaver", Operation.REMOVE),
                    person("k3", "gone-already", Operation.REMOVE))));
            assertThat(result.results()).extracting(RecordResult::outcome).containsOnly(RecordResult.Outcome.OK);
        }
        JsonNode operations = body(server.takeRequest()).path("batch");
        assertThat(operations.get(0).path("attributes").path("weft_vip").asBoolean()).isTrue();
        assertThat(operations.get(0).path("attributes").path("plan").asText()).isEqualTo("pro");
        JsonNode leaving = operations.get(1).path("attributes");
        assertThat(leaving.toString()).isEqualTo("{\"weft_vip\":false,\"_update\":true}");
        assertThat(customerIo.person("id", "joiner")).containsEntry("weft_vip", "true");
        assertThat(customerIo.person("id", "leaver")).containsEntry("weft_vip", "false").containsEntry("plan", "pro");
        assertThat(customerIo.person("id", "gone-already")).isNull();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aManualSegmentIdentifiesThenAddsMembersAndRemovesLeavers() throws Exception {
        String leaver = customerIo.addPerson(Map.of("email", "old@x.com"));
        customerIo.segment(7).add(leaver);
        customerIo.reject("bad@x.com", "email is suppressed");
        try (Destination d = open(Map.of("identifier", "email", "segment-id", "7"))) {
            assertThat(d.capabilities().rateLimit().perSecondRate()).isEqualTo(50.0);
            BatchResult result = d.send(batch(SyncMode.MIRROR, List.of(
                    new SyncRecord("k1", Operation.ADD, Map.of("email", "New@X.com", "plan", "pro")),
                    new SyncRecord("k2", Operation.ADD, Map.of("email", "bad@x.com", "plan", "pro")),
                    new SyncRecord("k3", Operation.REMOVE, Map.of("email", "old@x.com", "plan", "pro")))));
            assertThat(result.results()).extracting(RecordResult::key, RecordResult::outcome).containsExactly(
                    tuple("k1", RecordResult.Outcome.OK),
                    tuple("k2", RecordResult.Outcome.PERMANENT),
                    tuple("k3", RecordResult.Outcome.OK));
        }
        RecordedRequest identify = server.takeRequest();
        assertThat(identify.getPath()).isEqualTo("/api/v2/batch");
        assertThat(body(identify).path("batch")).hasSize(2); // the leaver is not identified
        RecordedRequest add = server.takeRequest();
        assertThat(add.getPath()).isEqualTo("/api/v1/segments/7/add_customers?id_type=email");
        assertThat(body(add).toString()).isEqualTo("{\"ids\":[\"new@x.com\"]}");
        RecordedRequest remove = server.takeRequest();
        assertThat(remove.getPath()).isEqualTo("/api/v1/segments/7/remove_customers?id_type=email");
        assertThat(body(remove).toString()).isEqualTo("{\"ids\":[\"old@x.com\"]}");
        assertThat(customerIo.segment(7)).containsExactly((String) customerIo.person("email", "new@x.com").get("cio_id"));
    }

    @Test
    void aMissingSegmentEndsTheRunWithCustomerIosAnswer() {
        try (Destination d = open(Map.of("segment-id", "99"))) {
            assertThatThrownBy(() -> d.send(batch(SyncMode.MIRROR, List.of(person("k1", "u1", Operation.ADD)))))
                    .isInstanceOfSatisfying(DestinationException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("404").contains("segment 99 not found");
                    });
        }
    }

    @Test
    void rateLimitsAreRetryableWithTheDelayAndRefusalsArePermanent() {
        customerIo.failNext(FakeCustomerIo.json(429, "{\"meta\":{\"error\":\"Too Many Requests\"}}").setHeader("Retry-After", "7"));
        customerIo.failNext(FakeCustomerIo.json(400,
                "{\"errors\":[{\"reason\":\"invalid\",\"field\":\"batch\",\"message\":\"batch must be an array\"}]}"));
        Batch batch = batch(SyncMode.UPSERT, List.of(person("k1", "u1", Operation.ADD)));
        try (Destination d = open(Map.of())) {
            assertThatThrownBy(() -> d.send(batch)).isInstanceOfSatisfying(DestinationException.class, e -> {
                assertThat(e.retryable()).isTrue();
                assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
            });
            assertThatThrownBy(() -> d.send(batch)).isInstanceOfSatisfying(DestinationException.class, e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("batch must be an array");
            });
        }
        try (Destination bad = open("wrong-key", Map.of(), Map.of())) {
            assertThatThrownBy(() -> bad.send(batch)).isInstanceOfSatisfying(DestinationException.class, e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("refused the credentials (HTTP 401)");
            });
        }
        assertThat(customerIo.people).isEmpty();
    }

    @Test
    void declaresLimitsAndTestsTheCredentialsAndRegionWithTheRegionCall() throws Exception {
        try (Destination d = open(Map.of())) {
            assertThat(d.capabilities().maxBatchSize()).isEqualTo(1000);
            assertThat(d.capabilities().rateLimit().perSecondRate()).isEqualTo(100.0);
            assertThat(d.capabilities().identifierKinds()).containsExactly("id");
            ConnectionCheck check = d.test();
            assertThat(check.ok()).as(check.message()).isTrue();
            assertThat(check.message()).contains("workspace 3").contains("region us");
        }
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getPath()).isEqualTo("/api/v1/accounts/region");
        customerIo.region = "eu";
        try (Destination usConfigured = open(Map.of())) {
            ConnectionCheck check = usConfigured.test();
            assertThat(check.ok()).isFalse();
            assertThat(check.message()).contains("region to eu");
        }
        try (Destination euConfigured = open(FakeCustomerIo.API_KEY, Map.of("region", "EU"), Map.of())) {
            assertThat(euConfigured.test().ok()).isTrue();
        }
        try (Destination bad = open("wrong-key", Map.of(), Map.of())) {
            ConnectionCheck check = bad.test();
            assertThat(check.ok()).isFalse();
            assertThat(check.message()).contains("401");
        }
    }

    @Test
    void badConnectionsAndOptionsAreRefusedNamingTheKey() {
        CustomerIoDestinationProvider provider = new CustomerIoDestinationProvider();
        assertThatThrownBy(() -> provider.open(new DestinationConnection("c1", "ws", "customerio", Map.of(),
                Map.of("api-key", "k")), Map.of())).isInstanceOf(WeftException.class).hasMessageContaining("'site-id'");
        assertThatThrownBy(() -> provider.open(new DestinationConnection("c1", "ws", "customerio", Map.of("site-id", "s"),
                Map.of()), Map.of())).isInstanceOf(WeftException.class).hasMessageContaining("'api-key'");
        assertThatThrownBy(() -> open(FakeCustomerIo.API_KEY, Map.of("region", "apac"), Map.of()))
                .isInstanceOf(WeftException.class).hasMessageContaining("'region'").hasMessageContaining("apac");
        assertThatThrownBy(() -> open(Map.of("identifier", "phone")))
                .isInstanceOf(WeftException.class).hasMessageContaining("'identifier'").hasMessageContaining("phone");
        assertThatThrownBy(() -> open(Map.of("segment-id", "vip")))
                .isInstanceOf(WeftException.class).hasMessageContaining("'segment-id'").hasMessageContaining("vip");
        assertThatThrownBy(() -> open(Map.of("segment-id", "0")))
                .isInstanceOf(WeftException.class).hasMessageContaining("'segment-id'");
        assertThatThrownBy(() -> open(Map.of("membership-attribute", "weft_vip", "segment-id", "7")))
                .isInstanceOf(WeftException.class).hasMessageContaining("exclude each other");
        assertThatThrownBy(() -> open(Map.of("membership-attribute", "x".repeat(151))))
                .isInstanceOf(WeftException.class).hasMessageContaining("'membership-attribute'").hasMessageContaining("150 bytes");
        assertThatThrownBy(() -> open(Map.of("membership-attribute", "email")))
                .isInstanceOf(WeftException.class).hasMessageContaining("'membership-attribute'");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void theCatalogueMarksTheChosenIdentifierRequiredAndAdmitsCustomAttributes() {
        try (Destination d = open(Map.of("identifier", "email"))) {
            assertThat(d.capabilities().fields()).filteredOn(f -> f.name().equals("email"))
                    .singleElement().satisfies(f -> assertThat(f.identifier() && f.required()).isTrue());
            assertThat(d.capabilities().fields()).filteredOn(f -> f.name().equals("id"))
                    .singleElement().satisfies(f -> assertThat(f.identifier() || f.required()).isFalse());
            assertThat(d.capabilities().fields()).anySatisfy(f -> assertThat(f.matches("loyalty_tier")).isTrue());
        }
    }
}
