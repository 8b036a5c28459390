package dev.weft.destinations.braze;

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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrazeDestinationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GROUP = "sg-123";

    private MockWebServer server;
    private FakeBraze braze;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        braze = new FakeBraze();
        server.setDispatcher(braze);
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private Destination open(Map<String, String> options) {
        return new BrazeDestinationProvider().open(new DestinationConnection("c1", "ws", "braze",
                Map.of("base-url", server.url("/").toString()), Map.of("api-key", FakeBraze.API_KEY)), options);
    }

    private static Batch batch(SyncMode mode, List<SyncRecord> records) {
        return new Batch("s1", "r1", mode, "idem", records);
    }

    private static SyncRecord user(String key, String externalId, Operation op) {
        return new SyncRecord(key, op, Map.of("external_id", externalId, "first_name", "N" + key));
    }

    private JsonNode sentAttributes() throws InterruptedException, IOException {
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getPath()).isEqualTo("/users/track");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + FakeBraze.API_KEY);
        return JSON.readTree(request.getBody().readUtf8()).path("attributes");
    }

    @Test
    void tracksOneAttributesObjectPerRecordKeyedByExternalId() throws Exception {
        try (Destination d = open(Map.of())) {
            BatchResult result = d.send(batch(SyncMode.UPSERT, List.of(new SyncRecord("k1", Operation.ADD,
                    Map.of("external_id", " u-1 ", "first_name", "Ada", "lifetime_value", 99.5, "vip", true)))));
            assertThat(result.results()).containsExactly(RecordResult.ok("k1"));
        }
        JsonNode a = sentAttributes().get(0);
        assertThat(a.path("external_id").asText()).isEqualTo("u-1");
        assertThat(a.path("first_name").asText()).isEqualTo("Ada");
        assertThat(a.path("lifetime_value").asDouble()).isEqualTo(99.5);
        assertThat(a.path("vip").asBoolean()).isTrue();
        assertThat(a.path("_update_existing_only").asBoolean(true)).isFalse();
        assertThat(braze.users).containsKey("u-1");
    }

    @Test
    void emailAndAliasIdentifiersAndUpdateOnlyMode() throws Exception {
        try (Destination d = open(Map.of("identifier", "email"))) {
            d.send(batch(SyncMode.UPDATE, List.of(new SyncRecord("k1", Operation.CHANGE, Map.of("email", " Ada@Example.COM", "plan", "pro")))));
        }
        JsonNode byEmail = sentAttributes().get(0);
        assertThat(byEmail.path("email").asText()).isEqualTo("ada@example.com");
        assertThat(byEmail.path("_update_existing_only").asBoolean()).isTrue();
        assertThat(braze.users).doesNotContainKey("ada@example.com"); // update only: unknown users are left alone

        try (Destination d = open(Map.of("identifier", "user_alias", "alias-label", "crm_id"))) {
            d.send(batch(SyncMode.UPSERT, List.of(new SyncRecord("k2", Operation.ADD, Map.of("user_alias", "crm-42", "plan", "pro")))));
            assertThat(d.capabilities().identifierKinds()).containsExactly("user_alias");
        }
        JsonNode byAlias = sentAttributes().get(0);
        assertThat(byAlias.path("user_alias").path("alias_name").asText()).isEqualTo("crm-42");
        assertThat(byAlias.path("user_alias").path("alias_label").asText()).isEqualTo("crm_id");
        assertThat(byAlias.path("_update_existing_only").asBoolean(true)).isFalse();
        assertThatThrownBy(() -> open(Map.of("identifier", "user_alias")))
                .isInstanceOf(WeftException.class).hasMessageContaining("alias-label");
    }

    @Test
    void nonFatalErrorsAreMappedByTheirIndexInTheSentArray() {
        braze.reject("u-3", "'dob' must be a date in YYYY-MM-DD format");
        try (Destination d = open(Map.of())) {
            BatchResult result = d.send(batch(SyncMode.UPSERT, List.of(
                    user("k1", "u-1", Operation.ADD),
                    new SyncRecord("k2", Operation.ADD, Map.of("first_name", "no id")),
                    user("k3", "u-3", Operation.ADD),
                    user("k4", "u-4", Operation.ADD))));
            assertThat(result.results()).extracting(RecordResult::key, RecordResult::outcome).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("k1", RecordResult.Outcome.OK),
                    org.assertj.core.groups.Tuple.tuple("k2", RecordResult.Outcome.PERMANENT),
                    org.assertj.core.groups.Tuple.tuple("k3", RecordResult.Outcome.PERMANENT),
                    org.assertj.core.groups.Tuple.tuple("k4", RecordResult.Outcome.OK));
            assertThat(result.results().get(2).message()).contains("YYYY-MM-DD");
            assertThat(result.results().get(1).message()).contains("'external_id'");
        }
        assertThat(braze.users).containsOnlyKeys("u-1", "u-4");
    }

    @Test
    void rejectsMoreThan75ObjectsWithoutCallingBraze() {
        List<SyncRecord> records = IntStream.range(0, 76).mapToObj(i -> user("k" + i, "u" + i, Operation.ADD)).toList();
        try (Destination d = open(Map.of())) {
            assertThatThrownBy(() -> d.send(batch(SyncMode.UPSERT, records)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit of 75");
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void rateLimitCarriesBrazesRetryAfterOrTheWindowReset() {
        braze.rateLimitNext(Duration.ofSeconds(2));
        braze.failNext(new MockResponse().setResponseCode(429)
                .setHeader("X-RateLimit-Reset", String.valueOf(Instant.now().plusSeconds(30).getEpochSecond()))
                .setBody("{\"message\":\"Rate limit exceeded\"}"));
        try (Destination d = open(Map.of())) {
            assertThatThrownBy(() -> d.send(batch(SyncMode.UPSERT, List.of(user("k1", "u1", Operation.ADD)))))
                    .isInstanceOfSatisfying(DestinationException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
                    });
            assertThatThrownBy(() -> d.send(batch(SyncMode.UPSERT, List.of(user("k1", "u1", Operation.ADD)))))
                    .isInstanceOfSatisfying(DestinationException.class, e -> {
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.retryAfter()).hasValueSatisfying(delay ->
                                assertThat(delay).isBetween(Duration.ofSeconds(28), Duration.ofSeconds(30)));
                    });
        }
    }

    @Test
    void anAudienceSubscribesAddedMembersAndUnsubscribesRemovedOnes() throws Exception {
        try (Destination d = open(Map.of("subscription-group-id", GROUP))) {
            assertThat(d.capabilities().modes()).contains(SyncMode.MIRROR);
            d.send(batch(SyncMode.MIRROR, List.of(user("k1", "u-1", Operation.ADD), user("k2", "u-2", Operation.ADD))));
            BatchResult removed = d.send(batch(SyncMode.MIRROR, List.of(user("k1", "u-1", Operation.REMOVE))));
            assertThat(removed.results()).containsExactly(RecordResult.ok("k1"));
        }
        JsonNode added = sentAttributes().get(0).path("subscription_groups").get(0);
        assertThat(added.path("subscription_group_id").asText()).isEqualTo(GROUP);
        assertThat(added.path("subscription_state").asText()).isEqualTo("subscribed");
        JsonNode gone = sentAttributes().get(0).path("subscription_groups").get(0);
        assertThat(gone.path("subscription_state").asText()).isEqualTo("unsubscribed");
        assertThat(braze.members(GROUP)).containsExactly("u-2");
    }

    @Test
    void withoutASubscriptionGroupRemovalsAreRefusedPerRecord() {
        try (Destination d = open(Map.of())) {
            assertThat(d.capabilities().modes()).containsExactlyInAnyOrder(SyncMode.UPSERT, SyncMode.UPDATE);
            BatchResult result = d.send(batch(SyncMode.UPSERT, List.of(user("k1", "u-1", Operation.REMOVE))));
            assertThat(result.results().get(0).outcome()).isEqualTo(RecordResult.Outcome.PERMANENT);
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void declaresTheWorkspaceLimitsAndTestsTheKeyWithAGet() throws Exception {
        try (Destination d = open(Map.of())) {
            assertThat(d.capabilities().maxBatchSize()).isEqualTo(75);
            assertThat(d.capabilities().rateLimit().requests()).isEqualTo(3000);
            assertThat(d.capabilities().rateLimit().period()).isEqualTo(Duration.ofSeconds(3));
            assertThat(d.test().ok()).isTrue();
        }
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getPath()).isEqualTo("/events/list");
        assertThatThrownBy(() -> new BrazeDestinationProvider().open(
                new DestinationConnection("c1", "ws", "braze", Map.of(), Map.of("api-key", "k")), Map.of()))
                .isInstanceOf(WeftException.class).hasMessageContaining("'base-url'");
    }
}
