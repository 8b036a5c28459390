package dev.weft.syncs;

import dev.weft.destinations.webhook.FakeWebhookReceiver;
import dev.weft.testing.TestDuckDb;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Warehouse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs syncs against a webhook receiver that misbehaves on purpose (429 with Retry-After, 500s, a
 * timeout, rejected records): nothing is lost, failed rows are sent again next run with their
 * errors kept, and in the end the receiver holds exactly the source.
 */
class SyncExecutorTest {

    @TempDir
    Path dir;
    private SyncHarness h;
    private Warehouse wh;
    private MockWebServer server;
    private FakeWebhookReceiver receiver;

    @BeforeEach
    void setUp() throws Exception {
        h = new SyncHarness(dir, TestDuckDb.config("local", dir), null);
        wh = h.warehouse();
        wh.createTable("people", List.of(Column.of("id", ColumnType.VARCHAR), Column.of("email", ColumnType.VARCHAR),
                Column.of("name", ColumnType.VARCHAR)), true);
        for (int i = 1; i <= 30; i++) {
            wh.execute("INSERT INTO people VALUES (?, ?, ?)", "k" + i, "User" + i + "@X.com", "Name " + i);
        }
        receiver = new FakeWebhookReceiver("s3cret");
        server = new MockWebServer();
        server.setDispatcher(receiver);
        server.start();
        h.connections.create("hook", "webhook", Map.of("url", server.url("/weft").toString(), "max-batch-size", "10",
                "requests-per-second", "500", "timeout-seconds", "1"), Map.of("signing-secret", "s3cret"));
    }

    @AfterEach
    void tearDown() throws Exception {
        server.shutdown();
        h.close();
    }

    private void writeSync(String id, String mode) throws Exception {
        h.writeSync(id, """
                source: {model: people}
                destination: {type: webhook, connection: hook}
                mode: %s
                key: id
                mapping:
                  - {from: email, to: email, transforms: [trim, lower]}
                  - {from: name, to: name}
                """.formatted(mode));
    }

    /** What the receiver must hold: the source, mapped. */
    private Map<String, Map<String, Object>> expected() {
        Map<String, Map<String, Object>> out = new HashMap<>();
        wh.query("SELECT id, lower(trim(email)), name FROM people", List.of(), r -> {
            Map<String, Object> fields = new HashMap<>();
            fields.put("email", r.getString(1));
            fields.put("name", r.getString(2));
            out.put(r.getString(0), fields);
        });
        return out;
    }

    @Test
    void misbehavingReceiverLosesNothingAndFailedRowsAreRetriedNextRun() throws Exception {
        writeSync("people_hook", "upsert");
        receiver.failNextWith429(1);
        receiver.failNextWith500();
        receiver.failNextWithTimeout();
        receiver.rejectOnce(Map.of("k5", false, "k6", true), "invalid record");
        receiver.alwaysReject(Set.of("k7"));

        long start = System.nanoTime();
        SyncExecutor.RunResult first = h.executor().run("people_hook", "manual");
        assertThat((System.nanoTime() - start) / 1_000_000).as("Retry-After: 1 s was honored").isGreaterThanOrEqualTo(1000);
        assertThat(first.status()).isEqualTo(SyncRuns.Status.PARTIAL);
        assertThat(first.planned()).isEqualTo(new SyncPlanner.PlanCounts(30, 0, 0));
        assertThat(first.sent()).isEqualTo(30);
        assertThat(first.succeeded()).isEqualTo(27);
        assertThat(first.failed()).isEqualTo(3);
        assertThat(receiver.held()).hasSize(27).doesNotContainKeys("k5", "k6", "k7");

        List<SyncRuns.RowError> errors = h.runs.errors(first.runId(), 0, 100);
        assertThat(errors).extracting(SyncRuns.RowError::recordKey).containsExactlyInAnyOrder("k5", "k6", "k7");
        assertThat(errors).filteredOn(e -> e.recordKey().equals("k5")).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("permanent"))
                .satisfies(e -> assertThat(e.message()).isEqualTo("invalid record"));
        assertThat(errors).filteredOn(e -> e.recordKey().equals("k6")).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("retryable"));
        assertThat(h.runs.errors(first.runId(), errors.get(0).id(), 100)).hasSize(2); // paging after the first

        SyncExecutor.RunResult second = h.executor().run("people_hook", "manual");
        assertThat(second.planned()).isEqualTo(new SyncPlanner.PlanCounts(3, 0, 0));
        assertThat(second.sent()).isEqualTo(3);
        assertThat(second.failed()).isEqualTo(1);
        assertThat(h.runs.latestError("people_hook", "k7")).get()
                .satisfies(e -> assertThat(e.runId()).isEqualTo(second.runId()))
                .satisfies(e -> assertThat(e.message()).isEqualTo("always rejected"));

        receiver.stopRejecting();
        SyncExecutor.RunResult third = h.executor().run("people_hook", "manual");
        assertThat(third.status()).isEqualTo(SyncRuns.Status.SUCCEEDED);
        assertThat(third.sent()).isEqualTo(1);
        assertThat(h.executor().run("people_hook", "manual").sent()).isZero();
        assertThat(receiver.held()).isEqualTo(expected());
        assertThat(h.runs.find(first.runId())).get().satisfies(r -> {
            assertThat(r.failed()).isEqualTo(3);
            assertThat(r.planMillis()).isNotNull();
            assertThat(r.deliveryMillis()).isNotNull();
        });
    }

    @Test
    void onlyChangesAreSentAndMirrorRemovesWhatItSent() throws Exception {
        writeSync("people_mirror", "mirror");
        assertThat(h.executor().run("people_mirror", "manual").succeeded()).isEqualTo(30);

        wh.execute("UPDATE people SET name = 'Changed' WHERE id IN ('k1', 'k2')");
        wh.execute("DELETE FROM people WHERE id IN ('k3', 'k4', 'k5')");
        wh.execute("INSERT INTO people VALUES ('k31', 'new@x.com', 'New')");
        int before = receiver.acceptedBatches();
        SyncExecutor.RunResult run = h.executor().run("people_mirror", "manual");
        assertThat(run.planned()).isEqualTo(new SyncPlanner.PlanCounts(1, 2, 3));
        assertThat(run.sent()).isEqualTo(6);
        assertThat(receiver.acceptedBatches() - before).isEqualTo(3); // one batch per operation
        assertThat(receiver.held()).isEqualTo(expected());
    }

    @Test
    void refusedCredentialsFailTheRunAndMarkNothingSynced() throws Exception {
        h.connections.create("badhook", "webhook", Map.of("url", server.url("/weft").toString()), Map.of("signing-secret", "wrong"));
        h.writeSync("people_bad", """
                source: {model: people}
                destination: {type: webhook, connection: badhook}
                key: id
                mapping: [{from: email, to: email}]
                """);
        SyncExecutor.RunResult run = h.executor().run("people_bad", "manual");
        assertThat(run.status()).isEqualTo(SyncRuns.Status.FAILED);
        assertThat(run.error()).contains("refused");
        assertThat(receiver.held()).isEmpty();
        assertThat(h.executor().plan("people_bad", 3).counts().added()).isEqualTo(30);
    }

    @Test
    void aDryRunCountsAndSamplesWithoutSending() throws Exception {
        writeSync("people_hook", "upsert");
        SyncExecutor.DryRun dry = h.executor().plan("people_hook", 2);
        assertThat(dry.counts()).isEqualTo(new SyncPlanner.PlanCounts(30, 0, 0));
        assertThat(dry.sample().get(dev.weft.destinations.Operation.ADD)).hasSize(2);
        assertThat(receiver.requests()).isZero();
        assertThat(wh.tableExists(SyncPlanner.dryRunTable("people_hook"))).isFalse();
    }
}
