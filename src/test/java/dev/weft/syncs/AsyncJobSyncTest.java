package dev.weft.syncs;

import dev.weft.testing.TestDuckDb;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asynchronous vendor jobs are states in the store: a run never marks records synced before their
 * job is done, a job that outlasts its run is settled by a later run (even in a new process), jobs go
 * one at a time, and no run sends while a job of its sync is still open.
 */
class AsyncJobSyncTest {

    @TempDir
    Path dir;
    private final AsyncJobVendor vendor = new AsyncJobVendor();
    private SyncHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = harness();
        h.warehouse().createTable("people", List.of(Column.of("id", ColumnType.VARCHAR), Column.of("email", ColumnType.VARCHAR)), true);
        for (int i = 1; i <= 30; i++) {
            h.warehouse().execute("INSERT INTO people VALUES (?, ?)", "k" + i, "user" + i + "@x.com");
        }
        h.connections.create("jobs", "async-test", Map.of(), Map.of());
        h.writeSync("people_jobs", """
                source: {model: people}
                destination: {type: async-test, connection: jobs}
                mode: mirror
                key: id
                mapping: [{from: email, to: email}]
                """);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private SyncHarness harness() {
        return new SyncHarness(dir, TestDuckDb.config("local", dir), null, List.of(vendor));
    }

    private SyncExecutor executor(Duration jobWait) {
        return h.executor(new SyncsConfig(null, null, 4, Duration.ofMillis(5), Duration.ofMillis(20), null, null, null, jobWait));
    }

    private Map<String, Map<String, Object>> source() {
        Map<String, Map<String, Object>> out = new HashMap<>();
        h.warehouse().query("SELECT id, email FROM people", List.of(), r -> out.put(r.getString(0), Map.of("email", r.getString(1))));
        return out;
    }

    @Test
    void aJobThatFinishesWithinTheRunIsAcknowledgedByThatRun() {
        vendor.finishOnPoll = true;
        vendor.rejected.add("k2");

        SyncExecutor.RunResult run = executor(Duration.ofSeconds(30)).run("people_jobs", "manual");
        assertThat(run.status()).isEqualTo(SyncRuns.Status.PARTIAL);
        assertThat(run.sent()).isEqualTo(30);
        assertThat(run.succeeded()).isEqualTo(29);
        assertThat(run.failed()).isEqualTo(1);
        assertThat(run.pending()).isZero();
        assertThat(vendor.jobsSubmitted()).isEqualTo(3);
        assertThat(h.runs.errors(run.runId(), 0, 10)).singleElement()
                .satisfies(e -> assertThat(e.recordKey()).isEqualTo("k2"))
                .satisfies(e -> assertThat(e.message()).isEqualTo("rejected by the vendor"));
        assertThat(h.jobs.forSync("people_jobs", 10)).hasSize(3).allSatisfy(j -> {
            assertThat(j.open()).isFalse();
            assertThat(j.settledRunId()).isEqualTo(run.runId());
            assertThat(h.jobs.records("people_jobs", j.jobId())).as("settled jobs keep no records").isEmpty();
        });

        vendor.rejected.clear();
        SyncExecutor.RunResult retry = executor(Duration.ofSeconds(30)).run("people_jobs", "manual");
        assertThat(retry.sent()).as("only the rejected record is sent again").isEqualTo(1);
        assertThat(retry.status()).isEqualTo(SyncRuns.Status.SUCCEEDED);
        assertThat(vendor.held).isEqualTo(source());
    }

    @Test
    void aJobThatOutlastsItsRunIsSettledByALaterRunInANewProcessAndNothingIsSentMeanwhile() {
        SyncExecutor.RunResult first = executor(Duration.ofMillis(50)).run("people_jobs", "manual");
        assertThat(first.status()).isEqualTo(SyncRuns.Status.WAITING);
        assertThat(first.sent()).as("one job at a time: delivery stops at the first job still running").isEqualTo(10);
        assertThat(first.succeeded()).isZero();
        assertThat(first.pending()).isEqualTo(10);
        assertThat(h.runs.find(first.runId())).get().satisfies(r -> assertThat(r.pending()).isEqualTo(10));
        SyncJobs.Job job = h.jobs.open("people_jobs").get(0);
        assertThat(h.jobs.open("people_jobs")).singleElement().satisfies(j -> {
            assertThat(j.state()).isIn(dev.weft.destinations.JobStatus.State.SUBMITTED, dev.weft.destinations.JobStatus.State.PROCESSING);
            assertThat(j.records()).isEqualTo(10);
            assertThat(j.runId()).isEqualTo(first.runId());
        });
        List<SyncJobs.JobRecord> carried = h.jobs.records("people_jobs", job.jobId());
        assertThat(carried).hasSize(10);
        assertThat(h.warehouse().queryLong("SELECT COUNT(*) FROM " + h.stateTable("people_jobs")).orElse(0L))
                .as("nothing is synced before its job is done").isZero();

        // Still running: the next run checks (a throttled poll is only asked again), reports, and sends
        // nothing (the records would overlap).
        vendor.throttledPolls.set(1);
        SyncExecutor.RunResult second = executor(Duration.ofMillis(50)).run("people_jobs", "manual");
        assertThat(second.status()).isEqualTo(SyncRuns.Status.WAITING);
        assertThat(second.sent()).isZero();
        assertThat(second.error()).contains("waiting for 1 async-test job(s)").contains("processing");
        assertThat(vendor.jobsSubmitted()).isEqualTo(1);

        // The vendor finishes while Weft is down, rejecting one record. A new process settles the job.
        String rejected = carried.get(0).key();
        vendor.rejected.add(rejected);
        vendor.finishAll();
        vendor.rejected.clear();
        vendor.finishOnPoll = true;
        h.close();
        h = harness();

        SyncExecutor.RunResult third = executor(Duration.ofSeconds(30)).run("people_jobs", "manual");
        assertThat(third.failed()).as("the record the finished job reported").isEqualTo(1);
        assertThat(h.runs.errors(third.runId(), 0, 10)).singleElement()
                .satisfies(e -> assertThat(e.recordKey()).isEqualTo(rejected));
        assertThat(third.planned()).as("the 20 never sent, and the rejected one").isEqualTo(new SyncPlanner.PlanCounts(21, 0, 0));
        assertThat(third.sent()).isEqualTo(21);
        assertThat(third.succeeded()).as("9 settled from the old job, 21 sent now").isEqualTo(30);
        assertThat(h.jobs.open("people_jobs")).isEmpty();
        assertThat(h.jobs.forSync("people_jobs", 10)).filteredOn(j -> j.jobId().equals(job.jobId())).singleElement()
                .satisfies(j -> assertThat(j.settledRunId()).isEqualTo(third.runId()));

        SyncExecutor.RunResult fourth = executor(Duration.ofSeconds(30)).run("people_jobs", "manual");
        assertThat(fourth.status()).isEqualTo(SyncRuns.Status.SUCCEEDED);
        assertThat(fourth.sent()).isZero();
        assertThat(vendor.held).isEqualTo(source());
    }

    @Test
    void whileARemoveJobIsRunningNoAddIsSentSoJobsOnOneListNeverOverlap() {
        vendor.finishOnPoll = true;
        vendor.throttledPolls.set(2);
        assertThat(executor(Duration.ofSeconds(30)).run("people_jobs", "manual").succeeded())
                .as("throttled polls are retried within the run").isEqualTo(30);
        h.warehouse().execute("DELETE FROM people WHERE id IN ('k1', 'k2', 'k3')");
        h.warehouse().execute("INSERT INTO people VALUES ('k31', 'new@x.com')");
        vendor.finishOnPoll = false;
        int before = vendor.jobsSubmitted();

        SyncExecutor.RunResult run = executor(Duration.ofMillis(50)).run("people_jobs", "manual");
        assertThat(run.planned()).isEqualTo(new SyncPlanner.PlanCounts(1, 0, 3));
        assertThat(run.status()).isEqualTo(SyncRuns.Status.WAITING);
        assertThat(run.sent()).as("the removes only: the add waits for their job").isEqualTo(3);
        assertThat(run.pending()).isEqualTo(3);
        assertThat(vendor.jobsSubmitted() - before).isEqualTo(1);
        assertThat(vendor.held).containsKey("k1").doesNotContainKey("k31");

        vendor.finishAll();
        vendor.finishOnPoll = true;
        SyncExecutor.RunResult next = executor(Duration.ofSeconds(30)).run("people_jobs", "manual");
        assertThat(next.succeeded()).as("3 removes settled, 1 add sent").isEqualTo(4);
        assertThat(next.planned()).isEqualTo(new SyncPlanner.PlanCounts(1, 0, 0));
        assertThat(vendor.held).isEqualTo(source());
    }

    @Test
    void aFailedJobMarksNothingSyncedAndItsRecordsAreSentAgain() {
        SyncExecutor.RunResult first = executor(Duration.ofMillis(20)).run("people_jobs", "manual");
        assertThat(first.pending()).isEqualTo(10);
        vendor.failAll("INTERNAL_ERROR");

        SyncExecutor.RunResult second = executor(Duration.ofMillis(20)).run("people_jobs", "manual");
        assertThat(second.failed()).isEqualTo(10);
        assertThat(h.runs.errors(second.runId(), 0, 1)).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("failed: INTERNAL_ERROR"))
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("retryable"));
        assertThat(second.planned()).as("all of them, again").isEqualTo(new SyncPlanner.PlanCounts(30, 0, 0));
        assertThat(second.status()).isEqualTo(SyncRuns.Status.PARTIAL);

        vendor.finishAll();
        vendor.finishOnPoll = true;
        SyncExecutor.RunResult third = executor(Duration.ofMillis(20)).run("people_jobs", "manual");
        assertThat(third.succeeded()).as("10 settled, 20 sent now").isEqualTo(30);
        assertThat(vendor.held).isEqualTo(source());
    }
}
