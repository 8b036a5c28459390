package dev.weft.syncs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.WeftException;
import dev.weft.destinations.RecordResult;
import dev.weft.destinations.SyncRecord;
import dev.weft.store.Store;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.jooq.Field;
import org.jooq.InsertValuesStep7;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** Run records of syncs and their per-row errors, in the store. */
@Singleton
public class SyncRuns {

    /**
     * WAITING: the run ended with records on asynchronous vendor jobs still running, or found one still
     * running. ABANDONED: the process running it died (or stopped renewing its lease); its error says
     * how that was seen.
     */
    public enum Status { RUNNING, SUCCEEDED, PARTIAL, WAITING, FAILED, ABANDONED }

    /**
     * One run: what was planned, sent, acknowledged and refused, how long planning and delivery took,
     * and who ran it (no pid for runs recorded before owners were). {@code plannedWithheld}: the records consent and
     * suppression kept out of the plan, by reason (empty before the plan, or for runs recorded before it was kept).
     */
    public record Run(String id, String syncId, String trigger, Status status, long plannedAdded, long plannedChanged,
                      long plannedRemoved, Map<String, Long> plannedWithheld, long sent, long succeeded, long failed, long pending, Long planMillis, Long deliveryMillis,
                      Instant startedAt, Instant finishedAt, String error, RunOwner owner) {
    }

    /** One record a run could not deliver, with the destination's message. */
    public record RowError(long id, String runId, String syncId, String recordKey, String operation, String outcome,
                           String message, Instant failedAt) {
    }

    static final Table<Record> RUNS = DSL.table("weft_sync_runs");
    static final Field<String> ID = DSL.field("id", String.class);
    static final Field<String> SYNC_ID = DSL.field("sync_id", String.class);
    static final Field<String> TRIGGER = DSL.field("trigger_kind", String.class);
    static final Field<String> STATUS = DSL.field("status", String.class);
    static final Field<Long> PLANNED_ADDED = DSL.field("planned_added", Long.class);
    static final Field<Long> PLANNED_CHANGED = DSL.field("planned_changed", Long.class);
    static final Field<Long> PLANNED_REMOVED = DSL.field("planned_removed", Long.class);
    static final Field<String> PLANNED_WITHHELD = DSL.field("planned_withheld", String.class);
    static final Field<Long> SENT = DSL.field("sent", Long.class);
    static final Field<Long> SUCCEEDED = DSL.field("succeeded", Long.class);
    static final Field<Long> FAILED = DSL.field("failed", Long.class);
    static final Field<Long> PENDING = DSL.field("pending", Long.class);
    static final Field<Long> PLAN_MS = DSL.field("plan_ms", Long.class);
    static final Field<Long> DELIVERY_MS = DSL.field("delivery_ms", Long.class);
    static final Field<LocalDateTime> STARTED_AT = DSL.field("started_at", LocalDateTime.class);
    static final Field<LocalDateTime> FINISHED_AT = DSL.field("finished_at", LocalDateTime.class);
    static final Field<String> ERROR = DSL.field("error", String.class);
    static final Field<String> OWNER_REPLICA = DSL.field("owner_replica", String.class);
    static final Field<String> OWNER_HOST = DSL.field("owner_host", String.class);
    static final Field<Long> OWNER_PID = DSL.field("owner_pid", Long.class);

    static final Table<Record> ERRORS = DSL.table("weft_sync_row_errors");
    static final Field<Long> E_ID = DSL.field("id", Long.class);
    static final Field<String> E_RUN = DSL.field("run_id", String.class);
    static final Field<String> E_SYNC = DSL.field("sync_id", String.class);
    static final Field<String> E_KEY = DSL.field("record_key", String.class);
    static final Field<String> E_OP = DSL.field("operation", String.class);
    static final Field<String> E_OUTCOME = DSL.field("outcome", String.class);
    static final Field<String> E_MESSAGE = DSL.field("message", String.class);
    static final Field<LocalDateTime> E_AT = DSL.field("failed_at", LocalDateTime.class);

    static final List<Field<?>> RUN_COLUMNS = List.of(ID, SYNC_ID, TRIGGER, STATUS, PLANNED_ADDED, PLANNED_CHANGED,
            PLANNED_REMOVED, PLANNED_WITHHELD, SENT, SUCCEEDED, FAILED, PENDING, PLAN_MS, DELIVERY_MS, STARTED_AT, FINISHED_AT, ERROR, OWNER_REPLICA,
            OWNER_HOST, OWNER_PID);
    static final List<Field<?>> ERROR_COLUMNS = List.of(E_ID, E_RUN, E_SYNC, E_KEY, E_OP, E_OUTCOME, E_MESSAGE, E_AT);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;

    public SyncRuns(Store store) {
        this.store = store;
    }

    public String start(String syncId, String trigger, RunOwner owner) {
        String id = UUID.randomUUID().toString();
        store.dsl().insertInto(RUNS).set(ID, id).set(SYNC_ID, syncId).set(TRIGGER, trigger)
                .set(STATUS, status(Status.RUNNING)).set(STARTED_AT, now()).set(OWNER_REPLICA, owner.replica())
                .set(OWNER_HOST, owner.host()).set(OWNER_PID, owner.pid()).execute();
        return id;
    }

    public void planned(String runId, SyncPlanner.PlanCounts counts, Duration took) {
        store.dsl().update(RUNS).set(PLANNED_ADDED, counts.added()).set(PLANNED_CHANGED, counts.changed())
                .set(PLANNED_REMOVED, counts.removed()).set(PLANNED_WITHHELD, json(counts.withheld())).set(PLAN_MS, took.toMillis())
                .where(ID.eq(runId)).execute();
    }

    public void progress(String runId, long sent, long succeeded, long failed) {
        store.dsl().update(RUNS).set(SENT, sent).set(SUCCEEDED, succeeded).set(FAILED, failed).where(ID.eq(runId)).execute();
    }

    /** Ends a run still in progress; a run another replica closed as abandoned meanwhile stays abandoned. */
    public void finish(String runId, Status status, long sent, long succeeded, long failed, long pending, Duration delivery,
                       String error) {
        store.dsl().update(RUNS).set(STATUS, status(status)).set(SENT, sent).set(SUCCEEDED, succeeded)
                .set(FAILED, failed).set(PENDING, pending).set(DELIVERY_MS, delivery == null ? null : delivery.toMillis())
                .set(FINISHED_AT, now()).set(ERROR, error).where(ID.eq(runId)).and(STATUS.eq(status(Status.RUNNING))).execute();
    }

    public void recordErrors(String runId, String syncId, List<SyncRecord> records, List<RecordResult> results) {
        if (results.isEmpty()) {
            return;
        }
        java.util.Map<String, SyncRecord> byKey = new java.util.HashMap<>();
        records.forEach(r -> byKey.put(r.key(), r));
        LocalDateTime at = now();
        InsertValuesStep7<Record, String, String, String, String, String, String, LocalDateTime> insert = store.dsl()
                .insertInto(ERRORS, E_RUN, E_SYNC, E_KEY, E_OP, E_OUTCOME, E_MESSAGE, E_AT);
        for (RecordResult r : results) {
            SyncRecord rec = byKey.get(r.key());
            insert = insert.values(runId, syncId, r.key(), rec == null ? "?" : rec.operation().name().toLowerCase(Locale.ROOT),
                    r.outcome().name().toLowerCase(Locale.ROOT), r.message(), at);
        }
        insert.execute();
    }

    public Optional<Run> find(String runId) {
        return Optional.ofNullable(store.dsl().select(RUN_COLUMNS).from(RUNS).where(ID.eq(runId)).fetchOne()).map(SyncRuns::run);
    }

    public List<Run> forSync(String syncId, int limit) {
        return forSync(syncId, (Run) null, limit);
    }

    /** The sync's runs, newest first, that come after {@code after} in that order (from the newest when null). */
    public List<Run> forSync(String syncId, @Nullable Run after, int limit) {
        var newestFirst = store.dsl().select(RUN_COLUMNS).from(RUNS).where(SYNC_ID.eq(syncId)).orderBy(STARTED_AT.desc(), ID.desc());
        return (after == null ? newestFirst.limit(limit)
                : newestFirst.seek(LocalDateTime.ofInstant(after.startedAt(), ZoneOffset.UTC), after.id()).limit(limit)).fetch(SyncRuns::run);
    }

    /** When the sync's latest run that delivered everything it could (succeeded, or waits only on vendor jobs) ended. */
    public Optional<Instant> lastSucceeded(String syncId) {
        return Optional.ofNullable(store.dsl().select(DSL.max(FINISHED_AT)).from(RUNS).where(SYNC_ID.eq(syncId))
                .and(STATUS.in(status(Status.SUCCEEDED), status(Status.WAITING))).fetchOne(0, LocalDateTime.class)).map(SyncRuns::instant);
    }

    /** When the sync's first recorded run started. */
    public Optional<Instant> firstStarted(String syncId) {
        return Optional.ofNullable(store.dsl().select(DSL.min(STARTED_AT)).from(RUNS).where(SYNC_ID.eq(syncId))
                .fetchOne(0, LocalDateTime.class)).map(SyncRuns::instant);
    }

    /** A page of a run's errors, in the order they happened: those after {@code afterId}. */
    public List<RowError> errors(String runId, long afterId, int limit) {
        return store.dsl().select(ERROR_COLUMNS).from(ERRORS).where(E_RUN.eq(runId).and(E_ID.gt(afterId))).orderBy(E_ID).limit(limit)
                .fetch(SyncRuns::rowError);
    }

    /** The latest error of each record of a sync that has failed and not been delivered since. */
    public Optional<RowError> latestError(String syncId, String recordKey) {
        return Optional.ofNullable(store.dsl().select(ERROR_COLUMNS).from(ERRORS).where(E_SYNC.eq(syncId).and(E_KEY.eq(recordKey)))
                .orderBy(E_ID.desc()).limit(1).fetchOne()).map(SyncRuns::rowError);
    }

    /**
     * Closes the sync's runs still marked running as ABANDONED: their owner died. {@code reason} says
     * how that was seen (null: the run's owner is named instead). Their acknowledgements stay in the
     * journal, and the next run merges them. Only the holder of the sync's lease calls this.
     */
    public int abandon(String syncId, String reason) {
        int closed = 0;
        for (Run left : store.dsl().select(RUN_COLUMNS).from(RUNS).where(SYNC_ID.eq(syncId).and(STATUS.eq(status(Status.RUNNING))))
                .fetch(SyncRuns::run)) {
            String why = reason != null ? reason : left.owner().replica() == null
                    ? "the process running it stopped before finishing it" : left.owner().describe() + " stopped before finishing it";
            closed += store.dsl().update(RUNS).set(STATUS, status(Status.ABANDONED)).set(FINISHED_AT, now())
                    .set(ERROR, why + "; the acknowledgements it received stay in the journal and are merged before the next plan")
                    .where(ID.eq(left.id())).and(STATUS.eq(status(Status.RUNNING))).execute();
        }
        return closed;
    }

    private static String status(Status status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private static Run run(Record r) {
        return new Run(r.get(ID), r.get(SYNC_ID), r.get(TRIGGER), Status.valueOf(r.get(STATUS).toUpperCase(Locale.ROOT)),
                r.get(PLANNED_ADDED), r.get(PLANNED_CHANGED), r.get(PLANNED_REMOVED), withheld(r.get(PLANNED_WITHHELD)), r.get(SENT), r.get(SUCCEEDED),
                r.get(FAILED), r.get(PENDING), r.get(PLAN_MS), r.get(DELIVERY_MS), instant(r.get(STARTED_AT)), instant(r.get(FINISHED_AT)),
                r.get(ERROR), new RunOwner(r.get(OWNER_REPLICA), r.get(OWNER_HOST), r.get(OWNER_PID), null));
    }

    private static String json(Map<String, Long> withheld) {
        try {
            return JSON.writeValueAsString(withheld);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Long> withheld(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return new TreeMap<>(JSON.readValue(json, new TypeReference<Map<String, Long>>() { }));
        } catch (JsonProcessingException e) {
            throw new WeftException("a sync run's withheld counts are not JSON: " + e.getMessage(), e);
        }
    }

    private static RowError rowError(Record r) {
        return new RowError(r.get(E_ID), r.get(E_RUN), r.get(E_SYNC), r.get(E_KEY), r.get(E_OP), r.get(E_OUTCOME),
                r.get(E_MESSAGE), instant(r.get(E_AT)));
    }

    private static Instant instant(LocalDateTime t) {
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    private static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC);
    }
}
