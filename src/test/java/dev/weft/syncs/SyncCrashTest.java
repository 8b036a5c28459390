package dev.weft.syncs;

import dev.weft.destinations.webhook.FakeWebhookReceiver;
import dev.weft.testing.TestDuckDb;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sync runs in a child JVM that is killed with SIGKILL after a random number of acknowledged
 * batches, while one batch the receiver applied (a random one) is still unanswered; the rerun (in this
 * JVM) merges the journal first and then sends only what is missing: the receiver ends equal to the
 * source, no row lost, only the batches in flight at the kill sent twice, and those under the
 * idempotency keys of their first send, so a receiver that deduplicates by key applies no row twice.
 */
class SyncCrashTest {

    private static final int ROWS = 300;
    private static final int BATCH = 10;
    /** The child's window of batches in flight ({@link SyncCrashChild}). */
    private static final int IN_FLIGHT = 2;

    @TempDir
    Path dir;

    /**
     * After how many acknowledged batches the child dies: 2 to 20, never a multiple of 3 (the child
     * merges the journal every 25 acknowledgements, i.e. right after every third batch: killing then
     * would race that merge, and the test wants some acknowledgements only in the journal).
     */
    private static int killPoint(Random random) {
        int k;
        do {
            k = 2 + random.nextInt(19);
        } while (k % 3 == 0);
        return k;
    }

    @RepeatedTest(2)
    void aKilledRunLosesNothingAndTheRerunCompletesTheDestinationExactly() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int killAfterBatches = killPoint(random);
        int unanswered = 1 + random.nextInt(killAfterBatches); // applied by the time the child has k answers
        String at = "killed after " + killAfterBatches + " batches, batch " + unanswered + " applied but unanswered (seed " + seed + ")";
        FakeWebhookReceiver receiver = new FakeWebhookReceiver("crash-secret");
        receiver.neverAnswerBatch(unanswered);
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
                    if (line.startsWith("ACKED ") && ++acked >= killAfterBatches) {
                        child.destroyForcibly(); // SIGKILL: no shutdown hooks, no final flush
                        break;
                    }
                }
            }
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(acked).as("child output: %s", output).isEqualTo(killAfterBatches);
            assertThat(output).doesNotContain("FINISHED");
            int heldAtKill = receiver.held().size();
            assertThat(heldAtKill).as(at).isBetween(killAfterBatches * BATCH, ROWS - 1);

            try (SyncHarness h = new SyncHarness(dir, TestDuckDb.config("local", dir), null)) {
                long journaled = h.journal.pending("crashy");
                long merged = h.warehouse().queryLong("SELECT COUNT(*) FROM " + h.stateTable("crashy")).orElse(0L);
                assertThat(merged + journaled).as("every acknowledged batch is in the state or the journal, " + at)
                        .isGreaterThanOrEqualTo(killAfterBatches * BATCH);
                assertThat(journaled).as("some acknowledgements were only in the journal at the kill, " + at).isPositive();

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
                assertThat(deliveredTwice).as("only batches in flight at the kill may arrive twice, " + at)
                        .isPositive().isLessThanOrEqualTo(IN_FLIGHT * BATCH);
                // Whatever arrived twice came under the key of its first send: deduplicating by key, the
                // receiver would have applied every record once.
                Map<List<Object>, Set<String>> keysByChange = receiver.accepted().stream().collect(Collectors.groupingBy(
                        x -> List.of(x.key(), x.operation(), x.fields()),
                        Collectors.mapping(FakeWebhookReceiver.Accepted::idempotencyKey, Collectors.toSet())));
                assertThat(keysByChange).as(at).hasSize(ROWS);
                assertThat(keysByChange.entrySet().stream().filter(e -> e.getValue().size() != 1 || e.getValue().contains(null)).toList())
                        .as("changes applied without a key or under different keys, " + at).isEmpty();
                assertThat(h.executor().run("crashy", "manual").sent()).isZero();
                // The killed run, closed by the rerun, names the process that left it.
                assertThat(h.runs.forSync("crashy", 10)).filteredOn(r -> r.status() == SyncRuns.Status.ABANDONED).singleElement()
                        .satisfies(r -> assertThat(r.error()).contains("(process " + child.pid() + " on host ")
                                .contains("stopped before finishing it"));
            }
        } finally {
            server.shutdown();
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
