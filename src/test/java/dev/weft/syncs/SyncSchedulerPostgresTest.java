package dev.weft.syncs;

import dev.weft.testing.TestPostgres;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two schedulers (two replicas) on one Postgres store: every due sync is claimed by exactly one of
 * them, a leased sync is not claimed again until released, and missed runs follow their policy.
 */
class SyncSchedulerPostgresTest {

    private static final int SYNCS = 12;

    @TempDir
    Path dir;
    private String schema;
    private SyncHarness a;
    private SyncHarness b;
    private SyncScheduler replicaA;
    private SyncScheduler replicaB;

    @BeforeEach
    void setUp() throws Exception {
        schema = TestPostgres.freshSchema("syncsched");
        String url = TestPostgres.url();
        String storeUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        a = new SyncHarness(dir, TestPostgres.warehouseConfig("local", schema), storeUrl);
        b = new SyncHarness(dir, TestPostgres.warehouseConfig("local", schema), storeUrl);
        for (int i = 0; i < SYNCS; i++) {
            a.writeSync("every_" + i, """
                    source: {model: people}
                    destination: {type: file, connection: files}
                    key: id
                    mapping: [{from: email, to: email}]
                    schedule: {every: 10m}
                    """);
        }
        a.writeSync("skipper", """
                source: {model: people}
                destination: {type: file, connection: files}
                key: id
                mapping: [{from: email, to: email}]
                schedule: {cron: "0 3 * * *", missed: skip}
                """);
        a.writeSync("after_models", """
                source: {model: people}
                destination: {type: file, connection: files}
                key: id
                mapping: [{from: email, to: email}]
                schedule: {after: models}
                """);
        // The tests move the clock by tens of minutes between claims and no heartbeat runs in between: the
        // leases must outlast that, as a heartbeat keeps them alive in real time.
        SyncsConfig longLease = new SyncsConfig(null, null, null, null, null, null, Duration.ofHours(1), null, null);
        replicaA = new SyncScheduler(a.store, a.definitions, a.executor(), a.runs, longLease, a.metrics, a.audit);
        replicaB = new SyncScheduler(b.store, b.definitions, b.executor(), b.runs, longLease, b.metrics, b.audit);
    }

    @AfterEach
    void tearDown() {
        replicaA.close();
        replicaB.close();
        a.close();
        b.close();
        TestPostgres.dropSchema(schema);
    }

    private void setNextRun(String syncId, Instant at) {
        a.store.dsl().update(DSL.table("weft_sync_schedules"))
                .set(DSL.field("next_run_at", LocalDateTime.class), LocalDateTime.ofInstant(at, ZoneOffset.UTC))
                .where(DSL.field("sync_id").eq(syncId)).execute();
    }

    @Test
    void twoReplicasNeverClaimTheSameSync() throws Exception {
        Instant now = Instant.now();
        assertThat(replicaA.claimDue(now)).isEmpty(); // registers next-run times, none due yet
        for (int i = 0; i < SYNCS; i++) {
            setNextRun("every_" + i, now.minusSeconds(1));
        }
        // The rounds and their lease checks reach 32 minutes past now: run between 02:28 and 03:00 UTC, they
        // passed the skipper's 03:00 cron time and it was claimed too. Only the every_ syncs are under test.
        setNextRun("skipper", now.plus(Duration.ofDays(2)));
        Set<String> all = new HashSet<>();
        for (int round = 0; round < 3; round++) {
            CyclicBarrier start = new CyclicBarrier(2);
            Instant at = now.plus(Duration.ofMinutes(11L * round));
            CompletableFuture<List<String>> fa = CompletableFuture.supplyAsync(() -> claimAfter(start, replicaA, at));
            CompletableFuture<List<String>> fb = CompletableFuture.supplyAsync(() -> claimAfter(start, replicaB, at));
            List<String> byA = fa.get();
            List<String> byB = fb.get();
            Set<String> inBoth = new HashSet<>(byA);
            inBoth.retainAll(byB);
            assertThat(inBoth).as("claimed by both replicas").isEmpty();
            List<String> both = new ArrayList<>(byA);
            both.addAll(byB);
            assertThat(both).as("round %d", round).hasSize(SYNCS).doesNotHaveDuplicates();
            all.addAll(both);
            // Leased: neither replica claims them again, even when due again, until released.
            assertThat(replicaA.claimDue(at.plus(Duration.ofMinutes(10)))).isEmpty();
            assertThat(replicaB.claimDue(at.plus(Duration.ofMinutes(10)))).isEmpty();
            byA.forEach(replicaA::release);
            byB.forEach(replicaB::release);
        }
        assertThat(all).hasSize(SYNCS);
    }

    private static List<String> claimAfter(CyclicBarrier start, SyncScheduler s, Instant at) {
        try {
            start.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return s.claimDue(at);
    }

    @Test
    void missedRunsFollowTheirPolicyAndAfterModelsFollowsModelsRuns() {
        Instant now = Instant.now();
        replicaA.claimDue(now);
        setNextRun("skipper", now.minus(Duration.ofDays(1)));
        setNextRun("every_0", now.minus(Duration.ofDays(1)));
        List<String> claimed = replicaA.claimDue(now);
        assertThat(claimed).containsExactly("every_0"); // run_once (the default) runs once; skip does not
        LocalDateTime skipperNext = a.store.dsl().select(DSL.field("next_run_at", LocalDateTime.class))
                .from(DSL.table("weft_sync_schedules")).where(DSL.field("sync_id").eq("skipper")).fetchOne().value1();
        assertThat(skipperNext).isAfter(LocalDateTime.ofInstant(now, ZoneOffset.UTC));
        replicaA.release("every_0");

        assertThat(replicaB.claimDue(now.plusSeconds(1))).doesNotContain("after_models");
        a.store.dsl().insertInto(DSL.table("weft_runs"))
                .set(DSL.field("id"), "m1").set(DSL.field("kind"), "models").set(DSL.field("status"), "success")
                .set(DSL.field("started_at"), LocalDateTime.ofInstant(now.plusSeconds(1), ZoneOffset.UTC))
                .set(DSL.field("finished_at"), LocalDateTime.ofInstant(now.plusSeconds(2), ZoneOffset.UTC)).execute();
        assertThat(replicaB.claimDue(now.plusSeconds(3))).containsExactly("after_models");
        replicaB.release("after_models");
        assertThat(replicaA.claimDue(now.plusSeconds(4))).isEmpty(); // that models run was seen
    }
}
