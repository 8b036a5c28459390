package dev.weft.syncs;

import dev.weft.destinations.webhook.FakeWebhookReceiver;
import dev.weft.testing.TestDuckDb;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sync runs in a child JVM that is killed with SIGKILL after some batches were acknowledged; the
 * rerun (in this JVM) merges the journal first and then sends only what is missing: the receiver ends
 * equal to the source, no row lost, no record duplicated.
 */
class SyncCrashTest {

    private static final int ROWS = 300;
    private static final int BATCH = 10;
    private static final int KILL_AFTER_BATCHES = 6;
    /** The child's window of batches in flight ({@link SyncCrashChild}). */
    private static final int IN_FLIGHT = 2;

    @TempDir
    Path dir;

    @Test
    void aKilledRunLosesNothingAndTheRerunCompletesTheDestinationExactly() throws Exception {
        FakeWebhookReceiver receiver = new FakeWebhookReceiver("crash-secret");
        MockWebServer server = new MockWebServer();
        server.setDispatcher(receiver);
        server.start();
        try {
            try (SyncHarness h = new SyncHarness(dir, TestDuckDb.config("local", dir), null)) {
                h.warehouse().createTable("people", List.of(Column.of("id", ColumnType.VARCHAR), Column.of("email", ColumnType.VARCHAR)), true);
                h.warehouse().execute("INSERT INTO people SELECT 'p' || i, 'user' || i || '@example.com' FROM range(" + ROWS + ") t(i)");
                // Slow enough (20 batches a second) that the kill lands in the middle of the run.
                h.connections.create("hook", "webhook", Map.of("url", server.url("/in").toString(),
                        "max-batch-size", String.valueOf(BATCH), "requests-per-second", "20"), Map.of("signing-secret", "crash-secret"));
                h.writeSync("crashy", """
                        source: {model: people}
                        destination: {type: webhook, connection: hook}
                        mode: upsert
                        key: id
                        mapping: [{from: email, to: email}]
                        """);
            }

            Process child = new ProcessBuilder(javaBin(), "-cp", System.getProperty("java.class.path"), "-Xmx512m",
                    SyncCrashChild.class.getName(), dir.toString(), "crashy").redirectErrorStream(true).start();
            List<String> output = new ArrayList<>();
            int acked = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    output.add(line);
                    if (line.startsWith("ACKED ") && ++acked >= KILL_AFTER_BATCHES) {
                        child.destroyForcibly(); // SIGKILL: no shutdown hooks, no final flush
                        break;
                    }
                }
            }
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(acked).as("child output: %s", output).isEqualTo(KILL_AFTER_BATCHES);
            assertThat(output).doesNotContain("FINISHED");
            int heldAtKill = receiver.held().size();
            assertThat(heldAtKill).isBetween(KILL_AFTER_BATCHES * BATCH, ROWS - 1);

            try (SyncHarness h = new SyncHarness(dir, TestDuckDb.config("local", dir), null)) {
                long journaled = h.journal.pending("crashy");
                long merged = h.warehouse().queryLong("SELECT COUNT(*) FROM " + h.stateTable("crashy")).orElse(0L);
                assertThat(merged + journaled).as("every acknowledged batch is in the state or the journal")
                        .isGreaterThanOrEqualTo(KILL_AFTER_BATCHES * BATCH);
                assertThat(journaled).as("some acknowledgements were only in the journal at the kill").isPositive();

                SyncExecutor.RunResult rerun = h.executor().run("crashy", "manual");
                assertThat(rerun.status()).isEqualTo(SyncRuns.Status.SUCCEEDED);
                // The rerun sends only what the killed run had not got acknowledged (and the batches in flight at the kill).
                assertThat(rerun.sent()).isLessThanOrEqualTo(ROWS - heldAtKill + IN_FLIGHT * BATCH);

                Map<String, Map<String, Object>> expected = new HashMap<>();
                h.warehouse().query("SELECT id, email FROM people", List.of(), r -> {
                    Map<String, Object> fields = new HashMap<>();
                    fields.put("email", r.getString(1));
                    expected.put(r.getString(0), fields);
                });
                assertThat(receiver.held()).isEqualTo(expected);
                long deliveredTwice = expected.keySet().stream().filter(k -> receiver.deliveries(k) > 1).count();
                assertThat(deliveredTwice).as("only batches in flight at the kill may arrive twice").isLessThanOrEqualTo(IN_FLIGHT * BATCH);
                assertThat(h.executor().run("crashy", "manual").sent()).isZero();
                assertThat(h.runs.forSync("crashy", 10)).extracting(SyncRuns.Run::status)
                        .contains(SyncRuns.Status.FAILED); // the killed run, closed by the rerun
            }
        } finally {
            server.shutdown();
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
