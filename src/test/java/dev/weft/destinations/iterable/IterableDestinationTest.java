package dev.weft.destinations.iterable;

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
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

class IterableDestinationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MockWebServer server;
    private FakeIterable iterable;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        iterable = new FakeIterable();
        server.setDispatcher(iterable);
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private Destination open(Map<String, String> options) {
        return open(FakeIterable.API_KEY, options);
    }

    private Destination open(String key, Map<String, String> options) {
        return new IterableDestinationProvider().open(new DestinationConnection("c1", "project", "iterable",
                Map.of("base-url", server.url("/").toString()), Map.of("api-key", key)), options);
    }

    private static Batch batch(SyncMode mode, List<SyncRecord> records) {
        return new Batch("s1", "r1", mode, "idem", records);
    }

    private static SyncRecord user(String key, String email, Operation op) {
        return new SyncRecord(key, op, Map.of("email", email, "plan", "pro"));
    }

    private JsonNode body(RecordedRequest request) throws IOException {
        assertThat(request.getHeader("Api-Key")).isEqualTo(FakeIterable.API_KEY);
        return JSON.readTree(request.getBody().readUtf8());
    }

    @Test
    void bulkUpdatesUsersWithTheIdentifierOnTopAndTheRestAsDataFields() throws Exception {
        try (Destination d = open(Map.of())) {
            BatchResult result = d.send(batch(SyncMode.UPSERT, List.of(new SyncRecord("k1", Operation.ADD,
                    Map.of("email", " Ada@Example.COM ", "firstName", "Ada", "lifetime_value", 120.5)))));
            assertThat(result.results()).containsExactly(RecordResult.ok("k1"));
        }
        RecordedRequest request = server.takeRequest();
        assertThat(request.getPath()).isEqualTo("/api/users/bulkUpdate");
        JsonNode user = body(request).path("users").get(0);
        assertThat(user.path("email").asText()).isEqualTo("ada@example.com");
        assertThat(user.path("dataFields").path("firstName").asText()).isEqualTo("Ada");
        assertThat(user.path("dataFields").path("lifetime_value").asDouble()).isEqualTo(120.5);
        assertThat(user.path("dataFields").has("email")).isFalse();
        assertThat(iterable.users.get("ada@example.com")).containsEntry("firstName", "Ada");

        try (Destination d = open(Map.of("identifier", "userId"))) {
            d.send(batch(SyncMode.UPSERT, List.of(new SyncRecord("k2", Operation.ADD,
                    Map.of("userId", "u-7", "email", "Seven@X.com", "plan", "pro")))));
        }
        JsonNode byUserId = body(server.takeRequest()).path("users").get(0);
        assertThat(byUserId.path("userId").asText()).isEqualTo("u-7");
        assertThat(byUserId.path("preferUserId").asBoolean()).isTrue();
        assertThat(byUserId.path("email").asText()).isEqualTo("seven@x.com");
        assertThat(byUserId.path("dataFields").has("email")).isFalse();
        assertThat(byUserId.path("dataFields").path("plan").asText()).isEqualTo("pro");
    }

    @Test
    void failedEmailsAreMappedToTheirRowsWithTheReason() {
        iterable.reject("conflict@x.com", "conflictEmails");
        try (Destination d = open(Map.of())) {
            BatchResult result = d.send(batch(SyncMode.UPSERT, List.of(
                    user("k1", "ok@x.com", Operation.ADD),
                    user("k2", "not-an-email", Operation.ADD),
                    user("k3", "Conflict@X.com", Operation.ADD),
                    new SyncRecord("k4", Operation.ADD, Map.of("plan", "no identifier")))));
            assertThat(result.results()).extracting(RecordResult::key, RecordResult::outcome).containsExactly(
                    tuple("k1", RecordResult.Outcome.OK),
                    tuple("k2", RecordResult.Outcome.PERMANENT),
                    tuple("k3", RecordResult.Outcome.PERMANENT),
                    tuple("k4", RecordResult.Outcome.PERMANENT));
            assertThat(result.results().get(1).message()).contains("invalidEmails");
            assertThat(result.results().get(2).message()).contains("conflictEmails");
            assertThat(result.results().get(3).message()).contains("'email'");
        }
        assertThat(iterable.users).containsOnlyKeys("ok@x.com");
    }

    @Test
    void aListMirrorSubscribesAdditionsAndUnsubscribesRemovals() throws Exception {
        iterable.members(42).add("old@x.com");
        try (Destination d = open(Map.of("list-id", "42"))) {
            assertThat(d.capabilities().modes()).contains(SyncMode.MIRROR);
            BatchResult result = d.send(batch(SyncMode.MIRROR, List.of(
                    user("k1", "new@x.com", Operation.ADD),
                    user("k2", "old@x.com", Operation.REMOVE),
                    user("k3", "never@x.com", Operation.REMOVE))));
            assertThat(result.results()).extracting(RecordResult::outcome).containsOnly(RecordResult.Outcome.OK);
        }
        RecordedRequest subscribe = server.takeRequest();
        assertThat(subscribe.getPath()).isEqualTo("/api/lists/subscribe");
        JsonNode sub = body(subscribe);
        assertThat(sub.path("listId").asLong()).isEqualTo(42);
        assertThat(sub.path("updateExistingUsersOnly").asBoolean(true)).isFalse();
        assertThat(sub.path("subscribers")).hasSize(1);
        assertThat(sub.path("subscribers").get(0).path("dataFields").path("plan").asText()).isEqualTo("pro");
        RecordedRequest unsubscribe = server.takeRequest();
        assertThat(unsubscribe.getPath()).isEqualTo("/api/lists/unsubscribe");
        JsonNode unsub = body(unsubscribe);
        assertThat(unsub.path("channelUnsubscribe").asBoolean(true)).isFalse();
        assertThat(unsub.path("subscribers")).extracting(n -> n.path("email").asText()).containsExactly("old@x.com", "never@x.com");
        assertThat(unsub.path("subscribers").get(0).has("dataFields")).isFalse();
        assertThat(iterable.members(42)).containsExactly("new@x.com");
    }

    @Test
    void withoutAListRemovalsAreRefusedAndOnlyUpsertIsDeclared() {
        try (Destination d = open(Map.of())) {
            assertThat(d.capabilities().modes()).containsExactly(SyncMode.UPSERT);
            BatchResult result = d.send(batch(SyncMode.UPSERT, List.of(user("k1", "a@x.com", Operation.REMOVE))));
            assertThat(result.results().get(0).outcome()).isEqualTo(RecordResult.Outcome.PERMANENT);
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void rejectsMoreThanAThousandUsersWithoutCallingIterable() {
        List<SyncRecord> records = IntStream.range(0, 1001).mapToObj(i -> user("k" + i, "u" + i + "@x.com", Operation.ADD)).toList();
        try (Destination d = open(Map.of())) {
            assertThatThrownBy(() -> d.send(batch(SyncMode.UPSERT, records)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit of 1000");
        }
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void rateLimitIsRetryableAndAWholeBatchRejectionIsPermanent() {
        iterable.failNext(new MockResponse().setResponseCode(429)
                .setBody("{\"msg\":\"Rate limit exceeded\",\"code\":\"RateLimitExceeded\",\"params\":null}"));
        iterable.failNext(new MockResponse().setResponseCode(429).setHeader("Retry-After", "4")
                .setBody("{\"msg\":\"Rate limit exceeded\",\"code\":\"RateLimitExceeded\",\"params\":null}"));
        iterable.failNext(new MockResponse().setResponseCode(400).setBody(
                "{\"msg\":\"Field types mismatched: lifetime_value\",\"code\":\"RequestFieldsTypesMismatched\",\"params\":null}"));
        try (Destination d = open(Map.of())) {
            Batch batch = batch(SyncMode.UPSERT, List.of(user("k1", "a@x.com", Operation.ADD)));
            assertThatThrownBy(() -> d.send(batch)).isInstanceOfSatisfying(DestinationException.class, e -> {
                assertThat(e.retryable()).isTrue();
                assertThat(e.retryAfter()).isEmpty(); // no header: the executor's backoff decides
            });
            assertThatThrownBy(() -> d.send(batch)).isInstanceOfSatisfying(DestinationException.class, e ->
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(4)));
            assertThatThrownBy(() -> d.send(batch)).isInstanceOfSatisfying(DestinationException.class, e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).contains("RequestFieldsTypesMismatched");
            });
        }
    }

    @Test
    void declaresLimitsAndTestsTheKeyByListingLists() throws Exception {
        try (Destination d = open(Map.of())) {
            assertThat(d.capabilities().maxBatchSize()).isEqualTo(1000);
            assertThat(d.capabilities().rateLimit().perSecondRate()).isEqualTo(10.0);
            assertThat(d.test().ok()).isTrue();
        }
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getPath()).isEqualTo("/api/lists");
        try (Destination bad = open("wrong", Map.of())) {
            assertThat(bad.test().ok()).isFalse();
            assertThat(bad.test().message()).contains("BadApiKey");
        }
        assertThatThrownBy(() -> open(Map.of("list-id", "weekly")))
                .isInstanceOf(WeftException.class).hasMessageContaining("'list-id'");
    }
}
