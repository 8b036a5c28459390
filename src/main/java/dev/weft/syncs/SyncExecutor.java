package dev.weft.syncs;

import dev.weft.WeftException;
import dev.weft.consent.Consents;
import dev.weft.destinations.Batch;
import dev.weft.destinations.BatchResult;
import dev.weft.destinations.Capabilities;
import dev.weft.destinations.Destination;
import dev.weft.destinations.DestinationConnection;
import dev.weft.destinations.DestinationException;
import dev.weft.destinations.DestinationProvider;
import dev.weft.destinations.JobStatus;
import dev.weft.destinations.Operation;
import dev.weft.destinations.RecordResult;
import dev.weft.destinations.SyncRecord;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.Warehouses;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs a sync: merges any journal left by an earlier process, plans in the warehouse, then streams
 * the plan to the destination in batches of its size limit, paced by the connection's shared token
 * bucket, retrying whole-call failures with backoff that honors Retry-After (a batch that runs out of
 * attempts fails its own records only; the run goes on and ends partial). Every acknowledged record
 * goes to the ack journal at once; failed records are kept with their error and, because the state
 * table never learns of them, are planned again next run.
 */
@Singleton
public class SyncExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(SyncExecutor.class);

    /**
     * Removes are delivered, and answered, before any add or change. When two profiles merge, the
     * survivor's change can carry an identifier (an email) that the merged-away profile's remove also
     * carries; a destination that matches members by identifier must apply the remove first, or it
     * drops the identifier the survivor now holds.
     */
    private static final List<List<Operation>> PHASES = List.of(List.of(Operation.REMOVE), List.of(Operation.ADD, Operation.CHANGE));

    /** What a run did. */
    public record RunResult(String runId, SyncRuns.Status status, SyncPlanner.PlanCounts planned, long sent, long succeeded,
                            long failed, long pending, Duration plan, Duration delivery, String error) {
    }

    /** A dry run: counts and a sample of each kind of change, nothing sent. */
    public record DryRun(String syncId, SyncPlanner.PlanCounts counts, Map<Operation, List<SyncRecord>> sample, Duration took) {
    }

    private final SyncDefinitions definitions;
    private final Connections connections;
    private final DestinationTypes types;
    private final Warehouses warehouses;
    private final AckJournal journal;
    private final SyncRuns runs;
    private final RateLimiters limiters;
    private final SyncJobs jobs;
    private final SyncsConfig config;
    private final SyncStates states;
    private final List<SyncRunListener> listeners;
    private final SyncMetrics metrics;
    private final Consents consents;
    private final RunOwner owner = RunOwner.newReplica();

    public SyncExecutor(SyncDefinitions definitions, Connections connections, DestinationTypes types, Warehouses warehouses,
                        AckJournal journal, SyncRuns runs, SyncJobs jobs, RateLimiters limiters, SyncsConfig config,
                        SyncStates states, SyncMetrics metrics, Consents consents) {
        this(definitions, connections, types, warehouses, journal, runs, jobs, limiters, config, states, metrics, consents, List.of());
    }

    /** With {@code listeners} told of every run's end. */
    @Inject
    public SyncExecutor(SyncDefinitions definitions, Connections connections, DestinationTypes types, Warehouses warehouses,
                        AckJournal journal, SyncRuns runs, SyncJobs jobs, RateLimiters limiters, SyncsConfig config,
                        SyncStates states, SyncMetrics metrics, Consents consents, List<SyncRunListener> listeners) {
        this.definitions = definitions;
        this.connections = connections;
        this.types = types;
        this.warehouses = warehouses;
        this.journal = journal;
        this.runs = runs;
        this.limiters = limiters;
        this.jobs = jobs;
        this.config = config;
        this.states = states;
        this.listeners = List.copyOf(listeners);
        this.metrics = metrics;
        this.consents = consents;
        metrics.watchJournal(journal);
    }

    /** The replica this executor's runs (and its scheduler's leases) belong to. */
    public RunOwner owner() {
        return owner;
    }

    /**
     * First thing on start-up: fold every journal a stopped or killed process left into its state table.
     * A sync whose definition is gone keeps its journal (its file may come back); one that cannot be
     * merged now is logged and merged by its next run.
     */
    public long recover() {
        long merged = 0;
        Warehouse warehouse = warehouses.primary();
        for (String syncId : journal.syncsWithPending()) {
            Optional<SyncDefinition> sync = definitions.find(syncId);
            if (sync.isEmpty()) {
                LOG.warn("sync {}: {} acknowledgements in the journal, but no such sync is defined; kept", syncId, journal.pending(syncId));
                continue;
            }
            try {
                states.current(sync.get(), warehouse);
                merged += journal.flush(syncId, warehouse);
            } catch (WeftException e) {
                LOG.warn("sync {}: journal not merged at start-up (its next run merges it): {}", syncId, e.getMessage());
            }
        }
        return merged;
    }

    public DryRun plan(String syncId, int sampleSize) {
        SyncDefinition sync = definitions.get(syncId);
        Warehouse warehouse = warehouses.primary();
        SyncState state = states.current(sync, warehouse);
        journal.flush(syncId, warehouse);
        SyncPlanner planner = new SyncPlanner(warehouse, consents.filter(warehouse));
        long start = System.nanoTime();
        String table = SyncPlanner.dryRunTable(syncId);
        try {
            SyncPlanner.PlanCounts counts = planner.plan(sync, state.stateTable(), table);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            return new DryRun(syncId, counts, planner.sample(table, sampleSize), took);
        } finally {
            planner.drop(table);
        }
    }

    public RunResult run(String syncId, String trigger) {
        return run(syncId, trigger, r -> { });
    }

    /** Runs the sync now; {@code afterBatch} sees the run's counters after every acknowledged batch. */
    public RunResult run(String syncId, String trigger, Consumer<Progress> afterBatch) {
        return execute(start(syncId, trigger), afterBatch);
    }

    /**
     * Records a new run of the sync (closing as abandoned any run a dead process left open) and returns
     * its id, for {@link #execute}. The caller holds the sync's lease, so no other run of it is in progress.
     */
    public String start(String syncId, String trigger) {
        definitions.get(syncId);
        runs.abandon(syncId, null);
        return runs.start(syncId, trigger, owner);
    }

    /** Plans and delivers the run {@link #start} recorded, logging its start and its outcome with its counts. */
    public RunResult execute(String runId, Consumer<Progress> afterBatch) {
        SyncRuns.Run recorded = runs.find(runId).orElseThrow(() -> new WeftException("no sync run " + runId));
        LOG.info("sync {}: run {} started ({})", recorded.syncId(), runId, recorded.trigger());
        long start = System.nanoTime();
        RunResult r = execute(recorded, afterBatch);
        definitions.find(recorded.syncId()).ifPresent(sync -> metrics.runFinished(sync, r, Duration.ofNanos(System.nanoTime() - start)));
        boolean fine = r.status() == SyncRuns.Status.SUCCEEDED || r.status() == SyncRuns.Status.WAITING;
        String line = String.format(Locale.ROOT, "sync %s: run %s %s: planned %s; sent %,d, ok %,d, failed %,d, pending %,d%s",
                recorded.syncId(), runId, r.status().name().toLowerCase(Locale.ROOT),
                r.planned() == null ? "nothing" : "+" + r.planned().added() + " ~" + r.planned().changed() + " -" + r.planned().removed()
                        + SyncsCommand.withheld(r.planned()),
                r.sent(), r.succeeded(), r.failed(), r.pending(), r.error() == null ? "" : "; " + r.error());
        if (fine) {
            LOG.info("{}", line);
        } else {
            LOG.warn("{}", line);
        }
        SyncRunListener.tellEach(listeners, l -> l.runFinished(recorded.syncId(), r));
        return r;
    }

    private RunResult execute(SyncRuns.Run recorded, Consumer<Progress> afterBatch) {
        String runId = recorded.id();
        String syncId = recorded.syncId();
        SyncDefinition sync = definitions.get(syncId);
        Warehouse warehouse = warehouses.primary();
        Delivery delivery = new Delivery(sync, runId, warehouse, afterBatch);
        long planStart = System.nanoTime();
        SyncPlanner.PlanCounts counts = null;
        Duration planTook = null;
        long deliveryStart = 0;
        try {
            delivery.state = states.current(sync, warehouse);
            List<SyncJobs.Job> stillOpen = delivery.settleOpenJobs();
            if (!stillOpen.isEmpty()) {
                // The open jobs' records are in no state table yet: planning now would send them again.
                journal.flush(syncId, warehouse);
                String waiting = "waiting for " + stillOpen.size() + " " + sync.destination().type() + " job(s) ("
                        + stillOpen.stream().map(j -> j.jobId() + " " + j.state().name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", ")) + "); the next run checks again";
                long pending = stillOpen.stream().mapToLong(SyncJobs.Job::records).sum();
                runs.finish(runId, SyncRuns.Status.WAITING, 0, delivery.succeeded, delivery.failed, pending, null, waiting);
                return new RunResult(runId, SyncRuns.Status.WAITING, null, 0, delivery.succeeded, delivery.failed, pending,
                        null, null, waiting);
            }
            journal.flush(syncId, warehouse);
            SyncPlanner planner = new SyncPlanner(warehouse, consents.filter(warehouse));
            counts = planner.plan(sync, delivery.state.stateTable(), SyncPlanner.planTable(syncId));
            planTook = Duration.ofNanos(System.nanoTime() - planStart);
            runs.planned(runId, counts, planTook);
            // State rows a deletion request drops: acknowledged removals nothing sends, folded with the run's own.
            journal.record(delivery.state, runId, planner.forgottenStateRows(syncId));
            deliveryStart = System.nanoTime();
            delivery.deliver();
            journal.flush(syncId, warehouse);
            Duration took = Duration.ofNanos(System.nanoTime() - deliveryStart);
            SyncRuns.Status status = delivery.failed > 0 ? SyncRuns.Status.PARTIAL
                    : delivery.pending > 0 ? SyncRuns.Status.WAITING : SyncRuns.Status.SUCCEEDED;
            String note = delivery.pending == 0 ? null : String.format(Locale.ROOT,
                    "%,d records wait on asynchronous jobs; the next run checks them", delivery.pending);
            if (delivery.settled == counts.total()) {
                states.newEpoch(syncId);
            }
            runs.finish(runId, status, delivery.sent, delivery.succeeded, delivery.failed, delivery.pending, took, note);
            return new RunResult(runId, status, counts, delivery.sent, delivery.succeeded, delivery.failed, delivery.pending,
                    planTook, took, note);
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            try {
                journal.flush(syncId, warehouse);
            } catch (RuntimeException flushFailure) {
                // The journal keeps the acknowledgements; start-up or the next run merges them.
                LOG.warn("sync {}: journal not merged after failure: {}", syncId, flushFailure.getMessage());
            }
            Duration took = deliveryStart == 0 ? null : Duration.ofNanos(System.nanoTime() - deliveryStart);
            runs.finish(runId, SyncRuns.Status.FAILED, delivery.sent, delivery.succeeded, delivery.failed, delivery.pending,
                    took, message);
            return new RunResult(runId, SyncRuns.Status.FAILED, counts, delivery.sent, delivery.succeeded, delivery.failed,
                    delivery.pending, planTook, took, message);
        }
    }

    /** Counters of a run in progress; {@code batches} is how many batches were answered. */
    public record Progress(String runId, int batches, long sent, long succeeded, long failed) {
    }

    /**
     * One run's delivery: batching, pacing, retries, results. Up to {@code concurrency} batches are in
     * flight at once (vendors answer in tens to hundreds of milliseconds, so one at a time could never
     * use a rate limit); the token bucket, not the window, sets the pace.
     */
    private final class Delivery {
        final SyncDefinition sync;
        final String runId;
        final Warehouse warehouse;
        final Consumer<Progress> afterBatch;
        SyncState state;
        long sent;
        long succeeded;
        long failed;
        long pending;
        /** Planned records the destination accepted or refused for good: none may have been applied unseen. */
        long settled;
        int batches;
        int answered;
        long acksSinceFlush;
        long lastFlush = System.nanoTime();
        long lastProgress;
        volatile RuntimeException fatal;
        /**
         * Set when a batch's asynchronous job outlasted {@code job-wait}: no further batch is sent this
         * run, so jobs on one list never overlap and removes stay ahead of adds; the next run goes on.
         */
        volatile boolean jobOutstanding;

        Delivery(SyncDefinition sync, String runId, Warehouse warehouse, Consumer<Progress> afterBatch) {
            this.sync = sync;
            this.runId = runId;
            this.warehouse = warehouse;
            this.afterBatch = afterBatch;
        }

        DestinationConnection connection() {
            DestinationConnection connection = connections.open(sync.destination().connection());
            if (!connection.type().equals(sync.destination().type())) {
                throw new WeftException("sync '" + sync.id() + "': /destination/type is " + sync.destination().type()
                        + " but connection '" + connection.name() + "' is of type " + connection.type());
            }
            return connection;
        }

        Destination open(DestinationConnection connection) {
            DestinationProvider provider = types.find(connection.type()).orElseThrow(() ->
                    new WeftException("sync '" + sync.id() + "': no destination type '" + connection.type() + "' (known: " + types.types() + ")"));
            return provider.open(connection, sync.destination().options());
        }

        /**
         * Polls the jobs earlier runs left open and records the outcome of those that finished (their
         * records acknowledged or failed under this run); returns the jobs still running.
         */
        List<SyncJobs.Job> settleOpenJobs() {
            List<SyncJobs.Job> open = jobs.open(sync.id());
            if (open.isEmpty()) {
                return open;
            }
            List<SyncJobs.Job> stillOpen = new ArrayList<>();
            try (Destination destination = open(connection())) {
                for (SyncJobs.Job job : open) {
                    JobStatus status = poll(destination, job.jobId());
                    if (!status.finished()) {
                        jobs.checked(sync.id(), job.jobId(), status);
                        stillOpen.add(job.as(status));
                        continue;
                    }
                    FinishedJob finished = new FinishedJob(status);
                    List<SyncRecord> records = new ArrayList<>();
                    List<AckJournal.Ack> acks = new ArrayList<>();
                    List<RecordResult> failures = new ArrayList<>();
                    for (SyncJobs.JobRecord r : jobs.records(sync.id(), job.jobId())) {
                        records.add(new SyncRecord(r.key(), r.operation(), Map.of()));
                        RecordResult outcome = finished.outcome(r.key());
                        if (outcome.outcome() == RecordResult.Outcome.OK) {
                            acks.add(new AckJournal.Ack(r.key(), r.operation(), r.payloadHash()));
                        } else {
                            failures.add(outcome);
                        }
                    }
                    journal.record(state, runId, acks);
                    runs.recordErrors(runId, sync.id(), records, failures);
                    jobs.finished(sync.id(), job.jobId(), status, runId);
                    LOG.info("sync {}: job {} {}: {} records acknowledged, {} failed", sync.id(), job.jobId(),
                            status.state().name().toLowerCase(Locale.ROOT), acks.size(), failures.size());
                    succeeded += acks.size();
                    failed += failures.size();
                }
            }
            return stillOpen;
        }

        void deliver() {
            DestinationConnection connection = connection();
            try (Destination destination = open(connection)) {
                Capabilities caps = destination.capabilities();
                deliver(connection, destination, caps);
            }
        }

        private void deliver(DestinationConnection connection, Destination destination, Capabilities caps) {
            // Asynchronous jobs go one at a time: Google Ads refuses a job on a list another job is still
            // changing, and concurrent Salesforce bulk jobs on one object fight over row locks.
            int window = caps.asyncJobs() ? 1 : config.concurrencyOrDefault();
            ExecutorService pool = Executors.newFixedThreadPool(window, r -> {
                Thread t = new Thread(r, "weft-sync-" + sync.id());
                t.setDaemon(true);
                return t;
            });
            Semaphore inFlight = new Semaphore(window);
            try {
                RateLimiter bucket = limiters.forConnection(connection.type(), connection.id(), caps.rateLimit());
                Map<Operation, List<SyncRecord>> buffers = new EnumMap<>(Operation.class);
                Map<Operation, Map<String, Long>> hashes = new EnumMap<>(Operation.class);
                Consumer<Operation> submit = op -> {
                    List<SyncRecord> records = List.copyOf(buffers.remove(op));
                    Map<String, Long> batchHashes = hashes.remove(op);
                    inFlight.acquireUninterruptibly();
                    if (fatal != null) {
                        inFlight.release();
                        throw fatal;
                    }
                    int seq;
                    synchronized (this) {
                        seq = ++batches;
                    }
                    pool.execute(() -> {
                        try {
                            if (fatal == null && !jobOutstanding) {
                                send(destination, bucket, seq, records, batchHashes);
                            }
                        } catch (RuntimeException e) {
                            fatal = e;
                        } finally {
                            inFlight.release();
                        }
                    });
                };
                SyncPlanner planner = new SyncPlanner(warehouse);
                for (List<Operation> phase : PHASES) {
                    Set<Operation> ops = phase.stream().filter(SyncPlanner.operations(sync.mode())::contains).collect(Collectors.toSet());
                    if (ops.isEmpty() || fatal != null || jobOutstanding) {
                        continue;
                    }
                    planner.stream(state, ops, (record, payloadHash) -> {
                        hashes.computeIfAbsent(record.operation(), o -> new HashMap<>()).put(record.key(), payloadHash);
                        List<SyncRecord> buffer = buffers.computeIfAbsent(record.operation(), o -> new ArrayList<>());
                        buffer.add(record);
                        if (buffer.size() >= caps.maxBatchSize()) {
                            submit.accept(record.operation());
                        }
                    });
                    for (Operation op : List.copyOf(buffers.keySet())) {
                        submit.accept(op);
                    }
                    inFlight.acquireUninterruptibly(window); // every batch of the phase answered
                    inFlight.release(window);
                }
            } finally {
                pool.shutdownNow();
            }
            if (fatal != null) {
                throw fatal;
            }
        }

        private void send(Destination destination, RateLimiter bucket, int seq, List<SyncRecord> records, Map<String, Long> hashes) {
            Batch batch = new Batch(sync.id(), runId, sync.mode(), SyncState.batchKey(records), records);
            BatchResult result = sendWithRetries(destination, bucket, seq, batch);
            Map<String, RecordResult> byKey = new HashMap<>();
            for (RecordResult r : result.results()) {
                byKey.putIfAbsent(r.key(), r);
            }
            // Jobs the batch submitted are in the store before waiting on them, so a crash or a job that
            // outlasts the run loses nothing: a later run polls them (settleOpenJobs).
            Map<String, List<SyncJobs.JobRecord>> submitted = new LinkedHashMap<>();
            for (SyncRecord r : records) {
                RecordResult res = byKey.get(r.key());
                if (res != null && res.outcome() == RecordResult.Outcome.PENDING) {
                    submitted.computeIfAbsent(res.jobId(), j -> new ArrayList<>())
                            .add(new SyncJobs.JobRecord(r.key(), r.operation(), hashes.get(r.key())));
                }
            }
            Map<String, FinishedJob> finished = new HashMap<>();
            submitted.forEach((jobId, jobRecords) -> jobs.submitted(sync.id(), runId, jobId, jobRecords));
            for (String jobId : submitted.keySet()) {
                awaitJob(destination, jobId).ifPresent(status -> finished.put(jobId, new FinishedJob(status)));
            }
            List<AckJournal.Ack> acks = new ArrayList<>(records.size());
            List<RecordResult> failures = new ArrayList<>();
            long waiting = 0;
            for (SyncRecord r : records) {
                RecordResult res = byKey.getOrDefault(r.key(), RecordResult.retryable(r.key(), "the destination returned no result for this record"));
                if (res.outcome() == RecordResult.Outcome.PENDING) {
                    FinishedJob job = finished.get(res.jobId());
                    if (job == null) {
                        waiting++;
                        continue;
                    }
                    res = job.outcome(r.key());
                }
                if (res.outcome() == RecordResult.Outcome.OK) {
                    acks.add(new AckJournal.Ack(r.key(), r.operation(), hashes.get(r.key())));
                } else {
                    failures.add(res);
                }
            }
            journal.record(state, runId, acks);
            runs.recordErrors(runId, sync.id(), records, failures);
            finished.forEach((jobId, job) -> jobs.finished(sync.id(), jobId, job.status(), runId));
            synchronized (this) {
                sent += records.size();
                succeeded += acks.size();
                failed += failures.size();
                pending += waiting;
                jobOutstanding |= waiting > 0;
                settled += acks.size() + failures.stream().filter(f -> f.outcome() == RecordResult.Outcome.PERMANENT).count();
                acksSinceFlush += acks.size();
                answered++;
                long now = System.nanoTime();
                if (now - lastProgress >= 1_000_000_000L) {
                    runs.progress(runId, sent, succeeded, failed);
                    lastProgress = now;
                }
                afterBatch.accept(new Progress(runId, answered, sent, succeeded, failed));
                if (acksSinceFlush >= config.flushAcksOrDefault() || now - lastFlush >= config.flushIntervalOrDefault().toNanos()) {
                    journal.flush(sync.id(), warehouse);
                    acksSinceFlush = 0;
                    lastFlush = System.nanoTime();
                }
            }
        }

        /**
         * Sends a batch, retrying retryable failures. A batch still failing after its attempts, or refused
         * for itself, comes back with every record failed (retryable or permanent: planned again next run)
         * and the other batches go on. Refused access fails every batch alike, so it ends the run.
         */
        private BatchResult sendWithRetries(Destination destination, RateLimiter bucket, int seq, Batch batch) {
            Backoff backoff = config.backoff();
            for (int attempt = 0; ; attempt++) {
                try {
                    bucket.acquire();
                    return destination.send(batch);
                } catch (DestinationException e) {
                    if (e.rateLimited()) {
                        metrics.rateLimited(sync);
                    }
                    if (e.accessRefused()) {
                        List<RecordResult> all = batch.records().stream().map(r -> RecordResult.permanent(r.key(), e.getMessage())).toList();
                        runs.recordErrors(runId, sync.id(), batch.records(), all);
                        synchronized (this) {
                            failed += all.size();
                            sent += all.size();
                        }
                        throw new WeftException("sync '" + sync.id() + "': batch " + seq + " refused: " + e.getMessage(), e);
                    }
                    if (!e.retryable() || attempt + 1 >= backoff.maxAttempts()) {
                        String message = e.retryable() ? "still failing after " + backoff.maxAttempts() + " attempts: " + e.getMessage()
                                : "the whole batch was refused: " + e.getMessage();
                        LOG.warn("sync {}: batch {} {}; its {} records failed, the other batches go on", sync.id(), seq, message,
                                batch.records().size());
                        return new BatchResult(batch.records().stream().map(r -> e.retryable()
                                ? RecordResult.retryable(r.key(), message) : RecordResult.permanent(r.key(), message)).toList());
                    }
                    e.retryAfter().ifPresent(bucket::pauseFor);
                    metrics.retried(sync);
                    Duration delay = backoff.delay(attempt, e.retryAfter().orElse(null));
                    LOG.info("sync {}: batch {} attempt {} failed ({}); retrying in {} ms", sync.id(), seq, attempt + 1,
                            e.getMessage(), delay.toMillis());
                    sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new WeftException("sync '" + sync.id() + "' interrupted", e);
                }
            }
        }

        /**
         * Polls a job until it finishes or {@code job-wait} passes; a job still running then is left to
         * a later run.
         */
        private Optional<JobStatus> awaitJob(Destination destination, String jobId) {
            Backoff backoff = config.backoff();
            long deadline = System.nanoTime() + config.jobWaitOrDefault().toNanos();
            for (int attempt = 0; ; attempt++) {
                JobStatus status = poll(destination, jobId);
                if (status.finished()) {
                    return Optional.of(status);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    jobs.checked(sync.id(), jobId, status);
                    return Optional.empty();
                }
                sleep(Duration.ofNanos(Math.min(left, backoff.delay(Math.min(attempt, 6), null).toNanos())));
            }
        }
    }

    /**
     * The job's state; a poll the vendor answered with a retryable failure (429, 5xx) says nothing of the
     * job, so it counts as still processing and is asked again later. Other failures end the run.
     */
    private static JobStatus poll(Destination destination, String jobId) {
        try {
            return destination.pollJob(jobId);
        } catch (DestinationException e) {
            if (!e.retryable()) {
                throw e;
            }
            return new JobStatus(jobId, JobStatus.State.PROCESSING, "could not check: " + e.getMessage(), List.of());
        }
    }

    /** A finished job, its per-record failures indexed by key. */
    private record FinishedJob(JobStatus status, Map<String, RecordResult> failures) {

        FinishedJob(JobStatus status) {
            this(status, status.failures().stream().collect(Collectors.toMap(RecordResult::key, f -> f, (a, b) -> a)));
        }

        /** A record's outcome: failed with the job, or as the job's per-record failures say. */
        RecordResult outcome(String key) {
            if (status.state() == JobStatus.State.FAILED) {
                return RecordResult.retryable(key, "job " + status.jobId() + " failed: " + status.message());
            }
            return failures.getOrDefault(key, RecordResult.ok(key));
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WeftException("interrupted", e);
        }
    }
}
