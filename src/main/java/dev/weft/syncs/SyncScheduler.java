package dev.weft.syncs;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.weft.WeftException;
import dev.weft.audit.AuditLog;
import dev.weft.store.Store;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.SelectForUpdateWaitStep;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs syncs on their schedules under {@code weft serve} (never in plain CLI commands: nothing
 * happens until {@link #start()}). Next-run times live in the store ({@code weft_sync_schedules}); a
 * due sync is claimed in a transaction with {@code SELECT ... FOR UPDATE SKIP LOCKED} on Postgres and
 * leased to this replica, so replicas sharing one store never run one sync twice at once.
 *
 * <p>A lease is short ({@code weft.syncs.lease}, 60 s by default) and renewed every third of it while
 * the sync is held. It is taken over at once when its holder is gone: its heartbeat stopped (the lease
 * expired), or it ran on this host and its process no longer exists (a restart never waits). The run
 * it left is closed as abandoned, with that reason. Scheduled runs, {@link #trigger} (the API) and
 * {@link #runNow} (the CLI) follow the same rule. A definition whose next run cannot be computed is
 * logged and skipped; the other syncs still run.
 */
@Singleton
public class SyncScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncScheduler.class);
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    static final Table<Record> SCHEDULES = DSL.table("weft_sync_schedules");
    static final Field<String> SYNC_ID = DSL.field("sync_id", String.class);
    static final Field<LocalDateTime> NEXT_RUN_AT = DSL.field("next_run_at", LocalDateTime.class);
    static final Field<LocalDateTime> LAST_RUN_AT = DSL.field("last_run_at", LocalDateTime.class);
    static final Field<LocalDateTime> MODELS_SEEN_AT = DSL.field("models_seen_at", LocalDateTime.class);
    static final Field<String> RUNNING_BY = DSL.field("running_by", String.class);
    static final Field<LocalDateTime> RUNNING_UNTIL = DSL.field("running_until", LocalDateTime.class);
    static final Field<String> RUNNING_HOST = DSL.field("running_host", String.class);
    static final Field<Long> RUNNING_PID = DSL.field("running_pid", Long.class);
    static final Field<String> RUNNING_PID_NS = DSL.field("running_pid_ns", String.class);
    static final Field<LocalDateTime> HEARTBEAT_AT = DSL.field("heartbeat_at", LocalDateTime.class);
    static final List<Field<?>> LEASE_COLUMNS = List.of(RUNNING_BY, RUNNING_UNTIL, RUNNING_HOST, RUNNING_PID, RUNNING_PID_NS,
            HEARTBEAT_AT);
    static final Table<Record> WEFT_RUNS = DSL.table("weft_runs");

    private final Store store;
    private final SyncDefinitions definitions;
    private final SyncExecutor executor;
    private final SyncRuns runs;
    private final SyncsConfig config;
    private final RunOwner owner;
    private final Duration lease;
    private final List<SyncRunListener> listeners;
    private final List<SyncSourcePreparer> preparers;
    private final AuditLog audit;
    /** The leases this replica holds, by sync id, each renewed by its heartbeat until released. */
    private final Map<String, Heartbeat> heartbeats = new ConcurrentHashMap<>();
    /** When each claimed sync was due, for the lag its run starts with. */
    private final Map<String, Instant> claimedDueAt = new ConcurrentHashMap<>();
    private final SyncMetrics metrics;
    private ScheduledExecutorService ticker;
    private ScheduledExecutorService beats;
    private ExecutorService workers;

    public SyncScheduler(Store store, SyncDefinitions definitions, SyncExecutor executor, SyncRuns runs, SyncsConfig config,
                         SyncMetrics metrics, AuditLog audit) {
        this(store, definitions, executor, runs, config, metrics, audit, List.of(), List.of());
    }

    /**
     * With {@code listeners} told of every tick (alerts that watch time, not runs) and {@code preparers} asked to
     * bring a sync's source up to date before each scheduled run.
     */
    @Inject
    public SyncScheduler(Store store, SyncDefinitions definitions, SyncExecutor executor, SyncRuns runs, SyncsConfig config,
                         SyncMetrics metrics, AuditLog audit, List<SyncRunListener> listeners, List<SyncSourcePreparer> preparers) {
        this.listeners = List.copyOf(listeners);
        this.preparers = List.copyOf(preparers);
        this.store = store;
        this.audit = audit;
        this.definitions = definitions;
        this.executor = executor;
        this.runs = runs;
        this.config = config;
        this.owner = executor.owner();
        this.lease = config.leaseOrDefault();
        this.metrics = metrics;
    }

    /** Merges journals left by stopped processes, then checks for due syncs every tick. */
    public synchronized void start() {
        if (ticker != null) {
            return;
        }
        long merged = executor.recover();
        if (merged > 0) {
            LOG.info("merged {} acknowledgements left in the journal by an earlier process", merged);
        }
        ExecutorService pool = workers();
        ticker = Executors.newSingleThreadScheduledExecutor(named("weft-sync-scheduler"));
        long tick = config.schedulerTickOrDefault().toMillis();
        ticker.scheduleWithFixedDelay(() -> {
            try {
                claimDue(Instant.now()).forEach(id -> pool.execute(() -> runClaimed(id)));
            } catch (RuntimeException e) {
                LOG.warn("scheduler tick failed: {}", e.getMessage());
            }
            try {
                closeRunsOfGoneHolders(Instant.now());
            } catch (RuntimeException e) {
                LOG.warn("scheduler: closing runs of stopped replicas failed: {}", e.getMessage());
            }
            SyncRunListener.tellEach(listeners, l -> l.schedulerTicked(Instant.now()));
        }, 0, tick, TimeUnit.MILLISECONDS);
    }

    public String replica() {
        return owner.replica();
    }

    /**
     * Records next-run times for syncs that have none, then claims every due sync whose lease is free
     * or whose holder is gone; returns the claimed sync ids (to run, then {@link #release}). A sync
     * whose next run cannot be computed is logged and skipped.
     */
    public List<String> claimDue(Instant now) {
        Map<String, SyncDefinition> scheduled = definitions.list().stream()
                .filter(d -> d.schedule().kind() != SyncDefinition.Schedule.Kind.MANUAL)
                .collect(Collectors.toMap(SyncDefinition::id, Function.identity()));
        register(scheduled, now);
        LocalDateTime t = utc(now);
        Map<String, String> claimed = new LinkedHashMap<>(); // sync id -> why its previous holder is gone, or null
        store.dsl().transaction(tx -> {
            DSLContext dsl = tx.dsl();
            List<Field<?>> columns = new ArrayList<>(List.of(SYNC_ID, NEXT_RUN_AT));
            columns.addAll(LEASE_COLUMNS);
            var due = dsl.select(columns).from(SCHEDULES)
                    .where(NEXT_RUN_AT.le(t).or(modelsRanSinceLastSeen()))
                    // Leases held elsewhere are skipped until they expire; on this host the holder may be a dead process.
                    .and(RUNNING_UNTIL.isNull().or(RUNNING_UNTIL.lt(t))
                            .or(RUNNING_HOST.eq(owner.host()).and(RUNNING_BY.ne(owner.replica()))))
                    .orderBy(NEXT_RUN_AT).limit(20).forUpdate();
            for (Record row : lock(due)) {
                SyncDefinition sync = scheduled.get(row.get(SYNC_ID));
                if (sync == null) {
                    continue; // deleted or now manual: its row stays inert
                }
                Lease held = Lease.of(row);
                String gone = holderGone(held, t);
                if (held.holder() != null && gone == null) {
                    continue; // a live process on this host runs it
                }
                LocalDateTime next;
                try {
                    next = nextRun(sync.schedule(), now);
                } catch (RuntimeException e) {
                    LOG.warn("sync {}: skipped this tick, its next run cannot be computed: {}", sync.id(), e.getMessage());
                    continue;
                }
                boolean missed = row.get(NEXT_RUN_AT) != null && row.get(NEXT_RUN_AT).isBefore(t.minus(grace()));
                if (missed && sync.schedule().missed() == SyncDefinition.MissedPolicy.SKIP) {
                    dsl.update(SCHEDULES).set(NEXT_RUN_AT, next).where(SYNC_ID.eq(sync.id())).execute();
                    LOG.info("sync {}: skipped the run missed at {} (missed: skip); next at {}", sync.id(), row.get(NEXT_RUN_AT), next);
                    continue;
                }
                dsl.update(SCHEDULES).set(holding(t)).set(NEXT_RUN_AT, next).set(MODELS_SEEN_AT, t)
                        .where(SYNC_ID.eq(sync.id())).execute();
                claimed.put(sync.id(), gone);
                if (row.get(NEXT_RUN_AT) != null && !row.get(NEXT_RUN_AT).isAfter(t)) {
                    claimedDueAt.put(sync.id(), row.get(NEXT_RUN_AT).toInstant(ZoneOffset.UTC));
                }
            }
        });
        claimed.forEach(this::tookLease);
        return new ArrayList<>(claimed.keySet());
    }

    /**
     * Runs a sync now, in the background, unless a live replica is running it: returns the new run's
     * id, or empty when a run of it is in progress.
     */
    public Optional<String> trigger(String syncId, String triggerKind) {
        Optional<Heartbeat> held = lease(syncId);
        if (held.isEmpty()) {
            return Optional.empty();
        }
        String runId;
        try {
            runId = startAudited(syncId, triggerKind);
        } catch (RuntimeException e) {
            release(syncId);
            throw e;
        }
        workers().execute(() -> {
            try {
                executor.execute(runId, held.get()::stopIfLost);
            } catch (RuntimeException e) {
                LOG.warn("sync {}: run {} failed: {}", syncId, runId, e.getMessage());
            } finally {
                release(syncId);
            }
        });
        return Optional.of(runId);
    }

    /** Runs a sync now in this thread (the CLI), unless a live replica is running it; empty then. */
    public Optional<SyncExecutor.RunResult> runNow(String syncId, String triggerKind, Consumer<SyncExecutor.Progress> afterBatch) {
        Optional<Heartbeat> held = lease(syncId);
        if (held.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(executor.execute(startAudited(syncId, triggerKind), p -> {
                afterBatch.accept(p);
                held.get().stopIfLost(p);
            }));
        } finally {
            release(syncId);
        }
    }

    /** A run someone asked for (scheduled runs are not), recorded in the audit log as it starts. */
    private String startAudited(String syncId, String triggerKind) {
        String runId = executor.start(syncId, triggerKind);
        audit.record("sync.run", SyncDefinitions.SUBJECT, syncId, null, new RunStarted(runId, triggerKind));
        return runId;
    }

    /** What the audit log keeps of a run someone started. */
    record RunStarted(String runId, String trigger) {
    }

    /**
     * Takes over, and at once releases, every lease whose holder is gone, so the runs it left are closed
     * as abandoned now rather than when their sync is next due (a daily sync would show a dead run as
     * running for a day). Returns the syncs whose leases it took over.
     */
    public List<String> closeRunsOfGoneHolders(Instant now) {
        LocalDateTime t = utc(now);
        List<String> closed = new ArrayList<>();
        for (Record row : store.dsl().select(SYNC_ID).select(LEASE_COLUMNS).from(SCHEDULES).where(RUNNING_BY.isNotNull()).fetch()) {
            String syncId = row.get(SYNC_ID);
            if (holderGone(Lease.of(row), t) == null || definitions.find(syncId).isEmpty()) {
                continue;
            }
            if (lease(syncId).isPresent()) {
                release(syncId);
                closed.add(syncId);
            }
        }
        return closed;
    }

    /** When the scheduler will next start the sync: empty for manual syncs, those run after models, and before its first tick. */
    public Optional<Instant> nextRunAt(String syncId) {
        return Optional.ofNullable(store.dsl().select(NEXT_RUN_AT).from(SCHEDULES).where(SYNC_ID.eq(syncId)).fetchOne(NEXT_RUN_AT))
                .map(t -> t.toInstant(ZoneOffset.UTC));
    }

    /**
     * After a sync was made or its schedule changed: its next run follows the schedule from {@code now} rather
     * than a time the old schedule set (none when manual or after models, which run when triggered or when the
     * models have run).
     */
    public void rescheduled(SyncDefinition sync, Instant now) {
        LocalDateTime next = nextRun(sync.schedule(), now);
        int updated = store.dsl().update(SCHEDULES).set(NEXT_RUN_AT, next).where(SYNC_ID.eq(sync.id())).execute();
        if (updated == 0 && sync.schedule().kind() != SyncDefinition.Schedule.Kind.MANUAL) {
            ensureRow(sync.id(), next, utc(now));
        }
    }

    /** Who holds the sync's lease, for "running elsewhere" messages; empty when nobody does. */
    public Optional<String> holder(String syncId) {
        Record row = store.dsl().select(LEASE_COLUMNS).from(SCHEDULES).where(SYNC_ID.eq(syncId)).fetchOne();
        Lease held = row == null ? null : Lease.of(row);
        return held == null || held.holder() == null ? Optional.empty()
                : Optional.of(held.holder().describe() + " holds it, lease renewed until " + held.until() + " UTC");
    }

    /**
     * Takes the sync's lease when nobody holds it or its holder is gone, and keeps it renewed; empty
     * while a live replica holds it, or when another took it at the same moment.
     */
    private Optional<Heartbeat> lease(String syncId) {
        definitions.get(syncId);
        LocalDateTime t = utc(Instant.now());
        ensureRow(syncId, null, t);
        Record row = store.dsl().select(LEASE_COLUMNS).from(SCHEDULES).where(SYNC_ID.eq(syncId)).fetchOne();
        Lease held = Lease.of(row);
        String gone = holderGone(held, t);
        if (held.holder() != null && gone == null) {
            return Optional.empty();
        }
        int taken = store.dsl().update(SCHEDULES).set(holding(t)).where(SYNC_ID.eq(syncId))
                .and(RUNNING_BY.isNotDistinctFrom(row.get(RUNNING_BY))).and(RUNNING_UNTIL.isNotDistinctFrom(row.get(RUNNING_UNTIL)))
                .execute();
        return taken == 1 ? Optional.of(tookLease(syncId, gone)) : Optional.empty();
    }

    /** The columns of a lease this replica takes at {@code t}. */
    private Map<Field<?>, Object> holding(LocalDateTime t) {
        Map<Field<?>, Object> values = new LinkedHashMap<>();
        values.put(RUNNING_BY, owner.replica());
        values.put(RUNNING_UNTIL, t.plus(lease));
        values.put(RUNNING_HOST, owner.host());
        values.put(RUNNING_PID, owner.pid());
        values.put(RUNNING_PID_NS, owner.pidNamespace());
        values.put(HEARTBEAT_AT, t);
        return values;
    }

    /** After taking a lease: closes the run a gone holder left, and starts renewing the lease. */
    private Heartbeat tookLease(String syncId, String holderGone) {
        if (holderGone != null) {
            int closed = runs.abandon(syncId, holderGone);
            LOG.warn("sync {}: took over its lease: {}; {} run(s) it left closed as abandoned", syncId, holderGone, closed);
        }
        Heartbeat beat = new Heartbeat(syncId);
        heartbeats.put(syncId, beat);
        long every = Math.max(1, lease.toMillis() / 3);
        beat.renewal = beats().scheduleAtFixedRate(beat, every, every, TimeUnit.MILLISECONDS);
        return beat;
    }

    /**
     * Why the lease's holder is known to be gone, so its lease may be taken over now: its heartbeat
     * stopped (the lease expired), or it ran on this host and its process no longer exists. Null while
     * a live holder keeps it, and when nobody holds it.
     */
    private String holderGone(Lease held, LocalDateTime now) {
        RunOwner holder = held.holder();
        if (holder == null) {
            return null;
        }
        if (held.until() == null || held.until().isBefore(now)) {
            return "no heartbeat from " + holder.describe() + " since "
                    + (held.heartbeatAt() == null ? "it took the lease" : held.heartbeatAt() + " UTC") + " (the lease ended at "
                    + held.until() + " UTC)";
        }
        if (holder.processGoneAsSeenBy(owner)) {
            return "process " + holder.pid() + " on host " + holder.host() + " (" + holder.replica() + ") is gone";
        }
        return null;
    }

    /** A sync's lease as stored: who holds it (null: nobody), until when, and when it was last renewed. */
    private record Lease(RunOwner holder, LocalDateTime until, LocalDateTime heartbeatAt) {

        static Lease of(Record r) {
            String replica = r.get(RUNNING_BY);
            return new Lease(replica == null ? null : new RunOwner(replica, r.get(RUNNING_HOST), r.get(RUNNING_PID), r.get(RUNNING_PID_NS)),
                    r.get(RUNNING_UNTIL), r.get(HEARTBEAT_AT));
        }
    }

    /**
     * Renews one lease this replica holds every third of its length. When the renewal finds the lease
     * taken (this replica was presumed dead: no heartbeat reached the store in time), the run stops
     * after its current batch rather than run beside the replica that took over.
     */
    private final class Heartbeat implements Runnable {
        private final String syncId;
        private volatile boolean released;
        private volatile boolean lost;
        private volatile ScheduledFuture<?> renewal;

        Heartbeat(String syncId) {
            this.syncId = syncId;
        }

        @Override
        public void run() {
            LocalDateTime t = utc(Instant.now());
            try {
                int renewed = store.dsl().update(SCHEDULES).set(RUNNING_UNTIL, t.plus(lease)).set(HEARTBEAT_AT, t)
                        .where(SYNC_ID.eq(syncId).and(RUNNING_BY.eq(owner.replica()))).execute();
                if (renewed == 0 && !released) {
                    lost = true;
                    renewal.cancel(false);
                    LOG.warn("sync {}: another replica took over the lease of {}; its run stops", syncId, owner.replica());
                }
            } catch (RuntimeException e) {
                // The lease lasts three beats: a later one may get through.
                LOG.warn("sync {}: lease not renewed: {}", syncId, e.getMessage());
            }
        }

        /** Called after each answered batch: ends a run whose lease another replica took over. */
        void stopIfLost(SyncExecutor.Progress progress) {
            if (lost) {
                throw new WeftException("sync '" + syncId + "': another replica took over the lease of " + owner.replica()
                        + " (no heartbeat reached the store in time); this run stopped");
            }
        }

        void stop() {
            released = true;
            renewal.cancel(false);
        }
    }

    private synchronized ExecutorService workers() {
        if (workers == null) {
            workers = Executors.newFixedThreadPool(4, named("weft-sync-run"));
        }
        return workers;
    }

    private synchronized ScheduledExecutorService beats() {
        if (beats == null) {
            beats = Executors.newSingleThreadScheduledExecutor(named("weft-sync-heartbeat"));
        }
        return beats;
    }

    /** Ends this replica's lease on a sync. */
    public void release(String syncId) {
        Heartbeat beat = heartbeats.remove(syncId);
        if (beat != null) {
            beat.stop();
        }
        LocalDateTime t = utc(Instant.now());
        store.dsl().update(SCHEDULES).set(RUNNING_BY, (String) null).set(RUNNING_UNTIL, (LocalDateTime) null)
                .set(RUNNING_HOST, (String) null).set(RUNNING_PID, (Long) null).set(RUNNING_PID_NS, (String) null)
                .set(HEARTBEAT_AT, (LocalDateTime) null).set(LAST_RUN_AT, t)
                .where(SYNC_ID.eq(syncId).and(RUNNING_BY.eq(owner.replica()))).execute();
    }

    private void runClaimed(String syncId) {
        Instant due = claimedDueAt.remove(syncId);
        if (due != null) {
            metrics.scheduledRunStarted(syncId, Duration.between(due, Instant.now()));
        }
        try {
            definitions.find(syncId).ifPresent(this::prepareSource);
            executor.run(syncId, "schedule", heartbeats.get(syncId)::stopIfLost); // the executor logs the outcome
        } catch (RuntimeException e) {
            LOG.warn("sync {}: scheduled run failed: {}", syncId, e.getMessage());
        } finally {
            release(syncId);
        }
    }

    private void prepareSource(SyncDefinition sync) {
        for (SyncSourcePreparer p : preparers) {
            try {
                p.prepare(sync);
            } catch (RuntimeException e) {
                LOG.warn("sync {}: its source could not be brought up to date before the run ({}); it runs on the source as it is",
                        sync.id(), e.getMessage());
            }
        }
    }

    /** Postgres skips rows another replica has locked; the embedded H2 store has one process and waits. */
    private <R extends Record> org.jooq.Result<R> lock(SelectForUpdateWaitStep<R> select) {
        return store.dialect() == SQLDialect.POSTGRES ? select.skipLocked().fetch() : select.fetch();
    }

    /** "After models" syncs: due when a models run succeeded since the sync last saw one. */
    private static org.jooq.Condition modelsRanSinceLastSeen() {
        return NEXT_RUN_AT.isNull().and(DSL.exists(DSL.selectOne().from(WEFT_RUNS)
                .where(DSL.field(DSL.name("weft_runs", "kind"), String.class).eq("models"))
                .and(DSL.field(DSL.name("weft_runs", "status"), String.class).eq("success"))
                .and(DSL.field(DSL.name("weft_runs", "finished_at"), LocalDateTime.class)
                        .gt(DSL.field(DSL.name("weft_sync_schedules", "models_seen_at"), LocalDateTime.class)))));
    }

    /**
     * Gives each scheduled sync its schedule row and, for cron and interval schedules, a next-run time;
     * a sync whose next run cannot be computed is logged and skipped.
     */
    private void register(Map<String, SyncDefinition> scheduled, Instant now) {
        Map<String, LocalDateTime> known = store.dsl().select(SYNC_ID, NEXT_RUN_AT).from(SCHEDULES).fetchMap(SYNC_ID, NEXT_RUN_AT);
        for (SyncDefinition d : scheduled.values()) {
            boolean timed = d.schedule().kind() == SyncDefinition.Schedule.Kind.CRON
                    || d.schedule().kind() == SyncDefinition.Schedule.Kind.INTERVAL;
            try {
                if (!known.containsKey(d.id())) {
                    ensureRow(d.id(), nextRun(d.schedule(), now), utc(now));
                } else if (timed && known.get(d.id()) == null) {
                    // The row was made by a manual run (or while the sync was manual): it has no time of its own yet.
                    store.dsl().update(SCHEDULES).set(NEXT_RUN_AT, nextRun(d.schedule(), now))
                            .where(SYNC_ID.eq(d.id())).and(NEXT_RUN_AT.isNull()).execute();
                }
            } catch (RuntimeException e) {
                LOG.warn("sync {}: not scheduled, its next run cannot be computed: {}", d.id(), e.getMessage());
            }
        }
    }

    /** Adds the sync's schedule row unless it exists (another replica may add it at the same moment). */
    private void ensureRow(String syncId, LocalDateTime next, LocalDateTime seen) {
        try {
            store.dsl().insertInto(SCHEDULES, SYNC_ID, NEXT_RUN_AT, MODELS_SEEN_AT)
                    .select(DSL.select(DSL.val(syncId), DSL.val(next, LocalDateTime.class), DSL.val(seen, LocalDateTime.class))
                            .whereNotExists(DSL.selectOne().from(SCHEDULES).where(SYNC_ID.eq(syncId))))
                    .execute();
        } catch (org.jooq.exception.IntegrityConstraintViolationException raced) {
            // the other replica inserted it first: fine
        }
    }

    /**
     * When a schedule runs next after {@code now}; null for "after models" (triggered by models runs)
     * and for a cron expression that matches no date. Throws IllegalArgumentException for a cron
     * expression that does not parse.
     */
    public static LocalDateTime nextRun(SyncDefinition.Schedule schedule, Instant now) {
        return switch (schedule.kind()) {
            case CRON -> ExecutionTime.forCron(CRON.parse(schedule.cron()).validate()).nextExecution(now.atZone(ZoneOffset.UTC))
                    .map(ZonedDateTime::toLocalDateTime).orElse(null);
            case INTERVAL -> utc(now.plus(schedule.every()));
            case AFTER_MODELS, MANUAL -> null;
        };
    }

    private Duration grace() {
        return config.schedulerTickOrDefault().multipliedBy(3).plusSeconds(60);
    }

    private static LocalDateTime utc(Instant i) {
        return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
        if (workers != null) {
            workers.shutdown();
            workers = null;
        }
        if (beats != null) {
            beats.shutdownNow();
            beats = null;
        }
    }
}
