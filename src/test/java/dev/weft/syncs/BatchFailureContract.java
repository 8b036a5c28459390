package dev.weft.syncs;

import dev.weft.destinations.webhook.FakeWebhookReceiver;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseConfig;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A vendor fails one batch on every attempt (500, 429, or a 400 refusing the batch itself) and accepts
 * the others: the other batches are delivered, the run ends partial with the failed batch's rows
 * recorded as row errors, and the next run sends exactly those rows. Refused credentials still end
 * the run at once. One subclass per warehouse engine (the plan and the state table live there).
 */
abstract class BatchFailureContract {

    private static final String SECRET = "batch-s3cret";
    private static final String SYNC = "people_hook";
    private static final int ROWS = 40;
    private static final int ATTEMPTS = 3;

    @TempDir
    Path dir;
    private SyncHarness h;
    private MockWebServer server;
    private FakeWebhookReceiver receiver;
    private FailingBatchDispatcher vendor;

    protected abstract WarehouseConfig warehouse(Path dir);

    @BeforeEach
    void setUp() throws Exception {
        h = new SyncHarness(dir, warehouse(dir), null);
        Warehouse wh = h.warehouse();
        wh.createTable("people", List.of(Column.of("id", ColumnType.VARCHAR), Column.of("email", ColumnType.VARCHAR)), true);
        for (int i = 1; i <= ROWS; i++) {
            wh.execute("INSERT INTO people VALUES (?, ?)", "k" + i, "user" + i + "@example.com");
        }
        receiver = new FakeWebhookReceiver(SECRET);
        vendor = new FailingBatchDispatcher(receiver);
        server = new MockWebServer();
        server.setDispatcher(vendor);
        server.start();
        h.connections.create("hook", "webhook", Map.of("url", server.url("/in").toString(), "max-batch-size", "10",
                "requests-per-second", "500"), Map.of("signing-secret", SECRET));
        h.writeSync(SYNC, """
                source: {model: people}
                destination: {type: webhook, connection: hook}
                key: id
                mapping: [{from: email, to: email}]
                """);
    }

    @AfterEach
    void tearDown() throws Exception {
        server.shutdown();
        h.close();
    }

    private SyncExecutor executor() {
        return h.executor(new SyncsConfig(null, null, ATTEMPTS, Duration.ofMillis(10), Duration.ofMillis(200), null, null, null, null));
    }

    private Map<String, Map<String, Object>> source() {
        Map<String, Map<String, Object>> out = new HashMap<>();
        h.warehouse().query("SELECT id, email FROM people", List.of(), r -> {
            Map<String, Object> fields = new HashMap<>();
            fields.put("email", r.getString(1));
            out.put(r.getString(0), fields);
        });
        return out;
    }

    @Test
    void aBatchStillFailingWith500AfterItsAttemptsFailsOnlyItsRowsAndTheRunGoesOn() {
        vendor.failBatchesHolding(Set.of("k7"), new MockResponse().setResponseCode(500).setBody("{\"error\":\"boom\"}"));
        SyncExecutor.RunResult run = executor().run(SYNC, "manual");

        Set<String> refused = vendor.refusedKeys();
        assertThat(refused).as("one batch of 10").hasSize(10).contains("k7");
        assertThat(vendor.refusals()).as("the batch was tried %d times", ATTEMPTS).isEqualTo(ATTEMPTS);
        assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(SyncRuns.Status.PARTIAL);
        assertThat(run.error()).isNull();
        assertThat(run.sent()).isEqualTo(ROWS);
        assertThat(run.succeeded()).isEqualTo(ROWS - 10);
        assertThat(run.failed()).isEqualTo(10);
        assertThat(receiver.held()).hasSize(ROWS - 10).doesNotContainKeys(refused.toArray(String[]::new));
        List<SyncRuns.RowError> errors = h.runs.errors(run.runId(), 0, 100);
        assertThat(errors).extracting(SyncRuns.RowError::recordKey).containsExactlyInAnyOrderElementsOf(refused);
        assertThat(errors).allSatisfy(e -> {
            assertThat(e.outcome()).isEqualTo("retryable");
            assertThat(e.message()).startsWith("still failing after " + ATTEMPTS + " attempts: webhook ").contains("HTTP 500");
        });
        assertThat(h.runs.find(run.runId())).get().satisfies(r -> assertThat(r.status()).isEqualTo(SyncRuns.Status.PARTIAL));

        vendor.heal();
        SyncExecutor.RunResult next = executor().run(SYNC, "manual");
        assertThat(next.status()).isEqualTo(SyncRuns.Status.SUCCEEDED);
        assertThat(next.sent()).as("only the failed batch's rows are sent again").isEqualTo(10);
        assertThat(receiver.held()).isEqualTo(source());
    }

    @Test
    void aBatchRateLimitedOnEveryAttemptFailsOnlyItsRows() {
        vendor.failBatchesHolding(Set.of("k33"), new MockResponse().setResponseCode(429).setHeader("Retry-After", "0")
                .setBody("{\"error\":\"slow down\"}"));
        SyncExecutor.RunResult run = executor().run(SYNC, "manual");

        assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(SyncRuns.Status.PARTIAL);
        assertThat(run.failed()).isEqualTo(10);
        assertThat(run.succeeded()).isEqualTo(ROWS - 10);
        assertThat(h.runs.errors(run.runId(), 0, 100)).hasSize(10).allSatisfy(e -> {
            assertThat(e.outcome()).isEqualTo("retryable");
            assertThat(e.message()).contains("HTTP 429");
        });
        vendor.heal();
        assertThat(executor().run(SYNC, "manual").sent()).isEqualTo(10);
        assertThat(receiver.held()).isEqualTo(source());
    }

    @Test
    void aBatchRefusedForItselfFailsItsRowsPermanentlyAndTheRunGoesOn() {
        vendor.failBatchesHolding(Set.of("k20"), new MockResponse().setResponseCode(400).setBody("{\"error\":\"malformed batch\"}"));
        SyncExecutor.RunResult run = executor().run(SYNC, "manual");

        assertThat(vendor.refusals()).as("a refusal is not retried").isEqualTo(1);
        assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(SyncRuns.Status.PARTIAL);
        assertThat(run.failed()).isEqualTo(10);
        assertThat(receiver.held()).hasSize(ROWS - 10);
        assertThat(h.runs.errors(run.runId(), 0, 100)).hasSize(10).allSatisfy(e -> {
            assertThat(e.outcome()).isEqualTo("permanent");
            assertThat(e.message()).startsWith("the whole batch was refused: webhook ").contains("HTTP 400").contains("malformed batch");
        });
    }

    @Test
    void refusedCredentialsStillEndTheRunAtOnce() throws Exception {
        h.connections.create("badhook", "webhook", Map.of("url", server.url("/in").toString(), "max-batch-size", "10"),
                Map.of("signing-secret", "wrong"));
        h.writeSync("people_bad", """
                source: {model: people}
                destination: {type: webhook, connection: badhook}
                key: id
                mapping: [{from: email, to: email}]
                """);
        SyncExecutor.RunResult run = h.executor(new SyncsConfig(null, null, ATTEMPTS, Duration.ofMillis(10), Duration.ofMillis(200),
                null, null, 1, null)).run("people_bad", "manual");

        assertThat(run.status()).isEqualTo(SyncRuns.Status.FAILED);
        assertThat(run.error()).contains("refused the signature (HTTP 401)");
        assertThat(receiver.requests()).as("no batch after the refused one").isEqualTo(1);
        assertThat(receiver.held()).isEmpty();
    }
}
