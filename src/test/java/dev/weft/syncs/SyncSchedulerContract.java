package dev.weft.syncs;

import dev.weft.destinations.webhook.FakeWebhookReceiver;
import dev.weft.testing.TestDuckDb;
import dev.weft.testing.TestPostgres;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.WarehouseConfig;
import io.micrometer.core.instrument.Timer;
import okhttp3.mockwebserver.MockWebServer;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduler's leases and schedules on one store: a run whose process was killed (SIGKILL) does not
 * block its sync, on the same host it is taken over at once and closed as abandoned; a live run keeps
 * its lease past the lease's length by its heartbeat; a lease whose heartbeat stopped is taken over
 * with the reason; and a stored definition whose schedule cannot be computed neither stops the
 * scheduler nor hides the other syncs. One subclass per store (embedded H2 with DuckDB, Postgres for both).
 */
abstract class SyncSchedulerContract {

    private static final String SECRET = "lease-s3cret";
    private static final String SYNC = "slow_hook";
    private static final int ROWS = 100;

    @TempDir
    Path dir;
    private SyncHarness h;
    private MockWebServer server;
    private FakeWebhookReceiver receiver;
    private final List<SyncScheduler> schedulers = new ArrayList<>();

    /** The Postgres schema holding the store and the warehouse; null for the embedded H2 store and DuckDB. */
    protected abstract String postgresSchema();

    private String storeUrl() {
        String schema = postgresSchema();
        if (schema == null) {
            return null;
        }
        String url = TestPostgres.url();
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private WarehouseConfig warehouse() {
        return postgresSchema() == null ? TestDuckDb.config("local", dir) : TestPostgres.warehouseConfig("local", postgresSchema());
    }

    @BeforeEach
    void setUp() throws Exception {
        h = new SyncHarness(dir, warehouse(), storeUrl());
        h.warehouse().createTable("people", List.of(Column.of("id", ColumnType.VARCHAR), Column.of("email", ColumnType.VARCHAR)), true);
        for (int i = 0; i < ROWS; i++) {
            h.warehouse().execute("INSERT INTO people VALUES (?, ?)", "p" + i, "user" + i + "@example.com");
        }
        receiver = new FakeWebhookReceiver(SECRET);
        server = new MockWebServer();
        server.setDispatcher(receiver);
        server.start();
        h.connections.create("hook", "webhook", Map.of("url", server.url("/in").toString(), "max-batch-size", "5",
                "requests-per-second", "10"), Map.of("signing-secret", SECRET));
        writeSync(SYNC, "manual");
    }

    @AfterEach
    void tearDown() throws Exception {
        schedulers.forEach(SyncScheduler::close);
        server.shutdown();
        h.close();
    }

    private void writeSync(String id, String schedule) throws Exception {
        h.writeSync(id, """
                source: {model: people}
                destination: {type: webhook, connection: hook}
                key: id
                mapping: [{from: email, to: email}]
                schedule: %s
                """.formatted(schedule));
    }

    private SyncScheduler scheduler(SyncExecutor executor, SyncsConfig config) {
        SyncScheduler s = new SyncScheduler(h.store, h.definitions, executor, h.runs, config, h.metrics, h.audit);
        schedulers.add(s);
        return s;
    }

    @Test
    void aKilledRunOnThisHostIsTakenOverAtOnceAndClosedAsAbandoned() throws Exception {
        h.close(); // the child opens the workspace's store and warehouse
        String schema = postgresSchema();
        Process child = new ProcessBuilder(javaBin(), "-cp", System.getProperty("java.class.path"), "-Xmx512m",
                SyncLeaseChild.class.getName(), dir.toString(), SYNC, schema == null ? "-" : storeUrl(), schema == null ? "-" : schema)
                .redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                if (line.startsWith("ACKED ")) {
                    child.destroyForcibly(); // SIGKILL, holding the sync's 60 s lease
                    break;
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as("child output").anyMatch(l -> l.startsWith("ACKED ")).doesNotContain("FINISHED");

        h = new SyncHarness(dir, warehouse(), storeUrl());
        SyncScheduler restarted = scheduler(h.executor(), SyncsConfig.defaults());
        Optional<SyncExecutor.RunResult> rerun = restarted.runNow(SYNC, "cli", p -> { });
        assertThat(rerun).as("the killed process's lease does not block the sync").isPresent();
        assertThat(rerun.get().status()).isEqualTo(SyncRuns.Status.SUCCEEDED);
        assertThat(h.runs.forSync(SYNC, 10)).filteredOn(r -> !r.id().equals(rerun.get().runId())).singleElement().satisfies(killed -> {
            assertThat(killed.status()).isEqualTo(SyncRuns.Status.ABANDONED);
            assertThat(killed.owner().pid()).isEqualTo(child.pid());
            assertThat(killed.error()).startsWith("process " + child.pid() + " on host " + h.executor().owner().host() + " (")
                    .contains(") is gone");
            assertThat(killed.finishedAt()).isNotNull();
        });
        assertThat(receiver.held()).hasSize(ROWS);
    }

    @Test
    void aLiveRunKeepsItsLeasePastTheLeaseLengthAndIsNeverRunTwice() throws Exception {
        // One batch at a time: 20 batches take 8 s, more than two leases. The lease is 3 s (renewed every second), not
        // shorter: on a loaded machine a renewal may come a second late, which a 1 s lease did not survive.
        receiver.slowDown("add", Duration.ofMillis(400));
        SyncsConfig shortLease = new SyncsConfig(null, null, null, null, null, null, Duration.ofSeconds(3), 1, null);
        SyncScheduler a = scheduler(h.executor(shortLease), shortLease);
        SyncScheduler b = scheduler(h.executor(shortLease), shortLease);
        long start = System.nanoTime();
        String runId = a.trigger(SYNC, "api").orElseThrow();
        int refused = 0;
        while (h.runs.find(runId).orElseThrow().status() == SyncRuns.Status.RUNNING) {
            assertThat(b.trigger(SYNC, "api")).as("another replica's trigger while the run is in progress").isEmpty();
            refused++;
            Thread.sleep(100);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(6));
        assertThat(refused).isGreaterThan(30);
        assertThat(h.runs.find(runId)).get().satisfies(r -> {
            assertThat(r.status()).isEqualTo(SyncRuns.Status.SUCCEEDED);
            assertThat(r.owner().replica()).isEqualTo(a.replica());
        });
        assertThat(receiver.held()).hasSize(ROWS);
        assertThat(receiver.held().keySet()).allSatisfy(k -> assertThat(receiver.deliveries(k)).as(k).isEqualTo(1));
        Optional<String> next = Optional.empty();
        for (int i = 0; i < 50 && next.isEmpty(); i++) {
            next = b.trigger(SYNC, "api"); // free once a's run has released its lease
            Thread.sleep(100);
        }
        assertThat(next).as("b runs once a released the sync").isPresent();
    }

    @Test
    void aRunWhoseLeaseWasTakenOverStopsAndStaysAbandoned() throws Exception {
        receiver.slowDown("add", Duration.ofMillis(250)); // one batch at a time: 20 batches take 5 s
        SyncsConfig oneSecondLease = new SyncsConfig(null, null, null, null, null, null, Duration.ofSeconds(1), 1, null);
        SyncScheduler presumedDead = scheduler(h.executor(oneSecondLease), oneSecondLease);
        String runId = presumedDead.trigger(SYNC, "api").orElseThrow();
        Thread.sleep(500);
        // Another replica took the lease over, as it would once no heartbeat reached the store in time.
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        holdLease(SYNC, new RunOwner("replica-taker000", "other-host", 7L, null), now.plusSeconds(60), now);
        h.runs.abandon(SYNC, "no heartbeat from " + presumedDead.replica());
        Thread.sleep(1500); // its next heartbeat (every 333 ms) finds the lease taken; the batch in flight is its last
        int batches = receiver.acceptedBatches();
        Thread.sleep(500);
        assertThat(receiver.acceptedBatches()).as("no batch after it stopped").isEqualTo(batches).isLessThan(ROWS / 5);
        assertThat(h.runs.find(runId)).get().satisfies(r -> {
            assertThat(r.status()).isEqualTo(SyncRuns.Status.ABANDONED);
            assertThat(r.error()).startsWith("no heartbeat from " + presumedDead.replica());
        });
        assertThat(presumedDead.holder(SYNC)).get().asString().as("the lease stays with the replica that took it")
                .startsWith("replica-taker000");
    }

    @Test
    void aLeaseWhoseHeartbeatStoppedIsTakenOverWithTheReasonAndALiveOneIsNot() throws Exception {
        SyncScheduler s = scheduler(h.executor(), SyncsConfig.defaults());
        RunOwner elsewhere = new RunOwner("replica-0ther000", "other-host", 4242L, null);
        String leftRun = h.runs.start(SYNC, "schedule", elsewhere);
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

        holdLease(SYNC, elsewhere, now.plusSeconds(50), now.minusSeconds(10)); // renewed 10 s ago
        assertThat(s.runNow(SYNC, "cli", p -> { })).isEmpty();
        assertThat(s.holder(SYNC)).get().asString().startsWith("replica-0ther000 (process 4242 on host other-host) holds it");

        LocalDateTime lastBeat = now.minusSeconds(70);
        holdLease(SYNC, elsewhere, now.minusSeconds(10), lastBeat); // no heartbeat for longer than the lease
        SyncExecutor.RunResult run = s.runNow(SYNC, "cli", p -> { }).orElseThrow();
        assertThat(run.status()).isEqualTo(SyncRuns.Status.SUCCEEDED);
        assertThat(h.runs.find(leftRun)).get().satisfies(left -> {
            assertThat(left.status()).isEqualTo(SyncRuns.Status.ABANDONED);
            assertThat(left.error()).startsWith("no heartbeat from replica-0ther000 (process 4242 on host other-host) since "
                    + lastBeat + " UTC");
        });
        assertThat(s.holder(SYNC)).as("released after the run").isEmpty();
    }

    @Test
    void theSchedulerTakesOverTheLeaseOfADeadProcessOnThisHost() throws Exception {
        writeSync("every_hook", "{every: 10m}");
        SyncExecutor executor = h.executor();
        SyncScheduler s = scheduler(executor, SyncsConfig.defaults());
        Instant now = Instant.now();
        assertThat(s.claimDue(now)).isEmpty(); // registers the next run, 10 minutes on

        Process exited = new ProcessBuilder(javaBin(), "-version").redirectErrorStream(true).start();
        exited.getInputStream().readAllBytes();
        assertThat(exited.waitFor(30, TimeUnit.SECONDS)).isTrue();
        RunOwner dead = new RunOwner("replica-dead0000", executor.owner().host(), exited.pid(), executor.owner().pidNamespace());
        String leftRun = h.runs.start("every_hook", "schedule", dead);
        LocalDateTime t = LocalDateTime.ofInstant(now, ZoneOffset.UTC);
        holdLease("every_hook", dead, t.plusSeconds(50), t.minusSeconds(10)); // not expired: only the process is gone
        setNextRun("every_hook", now.minusSeconds(1));

        assertThat(s.claimDue(now)).containsExactly("every_hook");
        assertThat(h.runs.find(leftRun)).get().satisfies(left -> {
            assertThat(left.status()).isEqualTo(SyncRuns.Status.ABANDONED);
            assertThat(left.error()).startsWith("process " + exited.pid() + " on host " + dead.host() + " (replica-dead0000) is gone");
        });
        assertThat(s.holder("every_hook")).get().asString().startsWith(s.replica());
        s.release("every_hook");
    }

    @Test
    void aDeadHoldersRunIsClosedAsAbandonedBeforeItsSyncIsDueAgain() throws Exception {
        writeSync("every_hook", "{every: 10m}");
        SyncExecutor executor = h.executor();
        SyncScheduler s = scheduler(executor, SyncsConfig.defaults());
        Instant now = Instant.now();
        assertThat(s.claimDue(now)).isEmpty(); // registers the next run, 10 minutes on
        RunOwner elsewhere = new RunOwner("replica-0ther000", "other-host", 4242L, null);
        String leftRun = h.runs.start("every_hook", "schedule", elsewhere);
        LocalDateTime t = LocalDateTime.ofInstant(now, ZoneOffset.UTC);

        holdLease("every_hook", elsewhere, t.plusSeconds(50), t.minusSeconds(10)); // alive
        assertThat(s.closeRunsOfGoneHolders(now)).isEmpty();
        assertThat(h.runs.find(leftRun)).get().extracting(SyncRuns.Run::status).isEqualTo(SyncRuns.Status.RUNNING);

        holdLease("every_hook", elsewhere, t.minusSeconds(10), t.minusSeconds(70)); // its heartbeat stopped
        assertThat(s.claimDue(now)).as("not due for 10 minutes").isEmpty();
        assertThat(s.closeRunsOfGoneHolders(now)).containsExactly("every_hook");
        assertThat(h.runs.find(leftRun)).get().satisfies(left -> {
            assertThat(left.status()).isEqualTo(SyncRuns.Status.ABANDONED);
            assertThat(left.error()).startsWith("no heartbeat from replica-0ther000 (process 4242 on host other-host) since ");
        });
        assertThat(s.holder("every_hook")).as("the lease is free again").isEmpty();
    }

    @Test
    void aStoredScheduleThatCannotBeComputedNeitherStopsTheSchedulerNorHidesOtherSyncs() throws Exception {
        writeSync("every_hook", "{every: 10m}");
        // Saved through the API before schedules were checked: now it fails the parser.
        LocalDateTime at = LocalDateTime.now(ZoneOffset.UTC);
        h.store.dsl().insertInto(DSL.table("weft_syncs")).set(DSL.field("id"), "forever")
                .set(DSL.field("definition"), """
                        {"id": "forever", "source": {"model": "people"}, "destination": {"type": "webhook", "connection": "hook"},
                         "key": "id", "mapping": [{"from": "email", "to": "email"}], "schedule": {"every": "9999999999999d"}}""")
                .set(DSL.field("created_at"), at).set(DSL.field("updated_at"), at).execute();
        assertThat(h.definitions.list()).extracting(SyncDefinition::id).containsExactly("every_hook", SYNC);

        SyncScheduler s = scheduler(h.executor(), SyncsConfig.defaults());
        Instant now = Instant.now();
        assertThat(s.claimDue(now)).isEmpty();
        setNextRun("every_hook", now.minusSeconds(1));
        assertThat(s.claimDue(now)).containsExactly("every_hook");
        s.release("every_hook");
    }

    @Test
    void aSyncRunByHandBeforeTheSchedulerSawItStillRunsOnItsSchedule() throws Exception {
        writeSync("every_hook", "{every: 10m}");
        SyncScheduler s = scheduler(h.executor(), SyncsConfig.defaults());
        assertThat(s.runNow("every_hook", "cli", p -> { })).get().satisfies(r -> assertThat(r.status()).isEqualTo(SyncRuns.Status.SUCCEEDED));
        Instant now = Instant.now();
        assertThat(s.claimDue(now)).isEmpty(); // gives it its next run, 10 minutes on
        assertThat(s.claimDue(now.plus(Duration.ofMinutes(11)))).containsExactly("every_hook");
        s.release("every_hook");
    }

    @Test
    void aScheduledRunStartedLateRecordsHowLateInTheSchedulerLag() throws Exception {
        writeSync("every_hook", "{every: 10m}");
        SyncScheduler s = scheduler(h.executor(), new SyncsConfig(null, null, null, null, null, Duration.ofMillis(100), null, null, null));
        Instant now = Instant.now();
        assertThat(s.claimDue(now)).isEmpty(); // registers the next run, 10 minutes on
        setNextRun("every_hook", now.minusSeconds(90)); // a replica was down: due a minute and a half ago
        s.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (h.meters.find("weft.sync.runs").tag("sync", "every_hook").counter() == null && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(h.meters.get("weft.sync.runs").tags("sync", "every_hook", "status", "succeeded").counter().count()).isEqualTo(1.0);
        Timer lag = h.meters.get("weft.scheduler.lag").tag("sync", "every_hook").timer();
        assertThat(lag.count()).isEqualTo(1);
        assertThat(lag.totalTime(TimeUnit.SECONDS)).isBetween(90.0, 150.0);
    }

    /** Puts the sync's lease in {@code holder}'s hands, as that replica would have taken and renewed it. */
    private void holdLease(String syncId, RunOwner holder, LocalDateTime until, LocalDateTime heartbeatAt) {
        h.store.dsl().deleteFrom(SyncScheduler.SCHEDULES).where(SyncScheduler.SYNC_ID.eq(syncId)).execute();
        h.store.dsl().insertInto(SyncScheduler.SCHEDULES).set(SyncScheduler.SYNC_ID, syncId)
                .set(SyncScheduler.RUNNING_BY, holder.replica()).set(SyncScheduler.RUNNING_UNTIL, until)
                .set(SyncScheduler.RUNNING_HOST, holder.host()).set(SyncScheduler.RUNNING_PID, holder.pid())
                .set(SyncScheduler.RUNNING_PID_NS, holder.pidNamespace()).set(SyncScheduler.HEARTBEAT_AT, heartbeatAt).execute();
    }

    private void setNextRun(String syncId, Instant at) {
        h.store.dsl().update(SyncScheduler.SCHEDULES).set(SyncScheduler.NEXT_RUN_AT, LocalDateTime.ofInstant(at, ZoneOffset.UTC))
                .where(SyncScheduler.SYNC_ID.eq(syncId)).execute();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
