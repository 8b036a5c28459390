package dev.weft.syncs;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.weft.store.Store;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record2;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs syncs on their schedules under {@code weft serve} (never in plain CLI commands: nothing
 * happens until {@link #start()}). Next-run times live in the store ({@code weft_sync_schedules}); a
 * due sync is claimed in a transaction with {@code SELECT ... FOR UPDATE SKIP LOCKED} on Postgres and
 * leased to this replica, so replicas sharing one store never run one sync twice at once.
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
    static final Table<Record> WEFT_RUNS = DSL.table("weft_runs");

    private final Store store;
    private final SyncDefinitions definitions;
    private final SyncExecutor executor;
    private final SyncsConfig config;
    private final String replica = "replica-" + UUID.randomUUID().toString().substring(0, 8);
    private ScheduledExecutorService ticker;
    private ExecutorService workers;

    public SyncScheduler(Store store, SyncDefinitions definitions, SyncExecutor executor, SyncsConfig config) {
        this.store = store;
        this.definitions = definitions;
        this.executor = executor;
        this.config = config;
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
        }, 0, tick, TimeUnit.MILLISECONDS);
    }

    public String replica() {
        return replica;
    }

    /**
     * Records next-run times for syncs that have none, then claims every due sync not leased to a
     * live replica; returns the claimed sync ids (to run, then {@link #release}).
     */
    public List<String> claimDue(Instant now) {
        Map<String, SyncDefinition> scheduled = definitions.list().stream()
                .filter(d -> d.schedule().kind() != SyncDefinition.Schedule.Kind.MANUAL)
                .collect(Collectors.toMap(SyncDefinition::id, Function.identity()));
        register(scheduled, now);
        LocalDateTime t = utc(now);
        List<String> claimed = new ArrayList<>();
        store.dsl().transaction(tx -> {
            DSLContext dsl = tx.dsl();
            var due = dsl.select(SYNC_ID, NEXT_RUN_AT).from(SCHEDULES)
                    .where(NEXT_RUN_AT.le(t).or(modelsRanSinceLastSeen()))
                    .and(RUNNING_UNTIL.isNull().or(RUNNING_UNTIL.lt(t)))
                    .orderBy(NEXT_RUN_AT).limit(20).forUpdate();
            for (Record2<String, LocalDateTime> row : lock(due)) {
                SyncDefinition sync = scheduled.get(row.value1());
                if (sync == null) {
                    continue; // deleted or now manual: its row stays inert
                }
                boolean missed = row.value2() != null
                        && row.value2().isBefore(t.minus(grace()));
                LocalDateTime next = nextRun(sync.schedule(), now);
                if (missed && sync.schedule().missed() == SyncDefinition.MissedPolicy.SKIP) {
                    dsl.update(SCHEDULES).set(NEXT_RUN_AT, next).where(SYNC_ID.eq(sync.id())).execute();
                    LOG.info("sync {}: skipped the run missed at {} (missed: skip); next at {}", sync.id(), row.value2(), next);
                    continue;
                }
                dsl.update(SCHEDULES).set(NEXT_RUN_AT, next).set(RUNNING_BY, replica)
                        .set(RUNNING_UNTIL, t.plus(config.leaseOrDefault())).set(MODELS_SEEN_AT, t)
                        .where(SYNC_ID.eq(sync.id())).execute();
                claimed.add(sync.id());
            }
        });
        return claimed;
    }

    /**
     * Runs a sync now, in the background, when no replica is running it: returns the new run's id,
     * or empty when a run of it is in progress.
     */
    public java.util.Optional<String> trigger(String syncId, String triggerKind) {
        if (!lease(syncId)) {
            return java.util.Optional.empty();
        }
        String runId;
        try {
            runId = executor.start(syncId, triggerKind);
        } catch (RuntimeException e) {
            release(syncId);
            throw e;
        }
        workers().execute(() -> {
            try {
                executor.execute(runId, p -> { });
            } catch (RuntimeException e) {
                LOG.warn("sync {}: run {} failed: {}", syncId, runId, e.getMessage());
            } finally {
                release(syncId);
            }
        });
        return java.util.Optional.of(runId);
    }

    /** Runs a sync now in this thread (the CLI), when no replica is running it; empty otherwise. */
    public java.util.Optional<SyncExecutor.RunResult> runNow(String syncId, String triggerKind,
                                                             java.util.function.Consumer<SyncExecutor.Progress> afterBatch) {
        if (!lease(syncId)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(executor.run(syncId, triggerKind, afterBatch));
        } finally {
            release(syncId);
        }
    }

    /** Takes the sync's lease unless a live one exists. */
    private boolean lease(String syncId) {
        definitions.get(syncId);
        LocalDateTime t = utc(Instant.now());
        ensureRow(syncId, null, t);
        return store.dsl().update(SCHEDULES).set(RUNNING_BY, replica).set(RUNNING_UNTIL, t.plus(config.leaseOrDefault()))
                .where(SYNC_ID.eq(syncId)).and(RUNNING_UNTIL.isNull().or(RUNNING_UNTIL.lt(t))).execute() == 1;
    }

    private synchronized ExecutorService workers() {
        if (workers == null) {
            workers = Executors.newFixedThreadPool(4, named("weft-sync-run"));
        }
        return workers;
    }

    /** Ends this replica's lease on a sync. */
    public void release(String syncId) {
        LocalDateTime t = utc(Instant.now());
        store.dsl().update(SCHEDULES).set(RUNNING_BY, (String) null).set(RUNNING_UNTIL, (LocalDateTime) null)
                .set(LAST_RUN_AT, t).where(SYNC_ID.eq(syncId).and(RUNNING_BY.eq(replica))).execute();
    }

    private void runClaimed(String syncId) {
        try {
            SyncExecutor.RunResult r = executor.run(syncId, "schedule");
            LOG.info("sync {}: run {} {} (sent {}, failed {})", syncId, r.runId(), r.status(), r.sent(), r.failed());
        } catch (RuntimeException e) {
            LOG.warn("sync {}: scheduled run failed: {}", syncId, e.getMessage());
        } finally {
            release(syncId);
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

    private void register(Map<String, SyncDefinition> scheduled, Instant now) {
        List<String> known = store.dsl().select(SYNC_ID).from(SCHEDULES).fetch(SYNC_ID);
        for (SyncDefinition d : scheduled.values()) {
            if (!known.contains(d.id())) {
                ensureRow(d.id(), nextRun(d.schedule(), now), utc(now));
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
    static LocalDateTime nextRun(SyncDefinition.Schedule schedule, Instant now) {
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
    }
}
