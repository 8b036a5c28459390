package dev.weft.syncs;

import dev.weft.destinations.JobStatus;
import dev.weft.destinations.Operation;
import dev.weft.store.Store;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.jooq.Field;
import org.jooq.BatchBindStep;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Asynchronous vendor jobs as states in the store ({@code weft_sync_jobs}): what each job covered is
 * kept until the vendor reports it done or failed, so its records are acknowledged only then, by
 * whichever run (or process) sees it finish.
 */
@Singleton
public class SyncJobs {

    /** A job and its state; {@code settledRunId} is the run that saw it finish and recorded the outcome. */
    public record Job(String syncId, String jobId, String runId, JobStatus.State state, long records, String message,
                      Instant submittedAt, Instant checkedAt, Instant finishedAt, String settledRunId) {

        public boolean open() {
            return finishedAt == null;
        }

        /** This job as a poll that found it still running left it. */
        Job as(JobStatus status) {
            return new Job(syncId, jobId, runId, status.state(), records, status.message(), submittedAt, Instant.now(),
                    finishedAt, settledRunId);
        }
    }

    /** One record a job carries, with what its acknowledgement needs. */
    public record JobRecord(String key, Operation operation, long payloadHash) {
    }

    static final Table<Record> JOBS = DSL.table("weft_sync_jobs");
    static final Field<String> SYNC_ID = DSL.field("sync_id", String.class);
    static final Field<String> JOB_ID = DSL.field("job_id", String.class);
    static final Field<String> RUN_ID = DSL.field("run_id", String.class);
    static final Field<String> STATE = DSL.field("state", String.class);
    static final Field<Long> RECORDS = DSL.field("records", Long.class);
    static final Field<String> MESSAGE = DSL.field("message", String.class);
    static final Field<LocalDateTime> SUBMITTED_AT = DSL.field("submitted_at", LocalDateTime.class);
    static final Field<LocalDateTime> CHECKED_AT = DSL.field("checked_at", LocalDateTime.class);
    static final Field<LocalDateTime> FINISHED_AT = DSL.field("finished_at", LocalDateTime.class);
    static final Field<String> SETTLED_RUN_ID = DSL.field("settled_run_id", String.class);
    static final List<Field<?>> JOB_COLUMNS = List.of(SYNC_ID, JOB_ID, RUN_ID, STATE, RECORDS, MESSAGE, SUBMITTED_AT,
            CHECKED_AT, FINISHED_AT, SETTLED_RUN_ID);

    static final Table<Record> JOB_RECORDS = DSL.table("weft_sync_job_records");
    static final Field<String> R_KEY = DSL.field("record_key", String.class);
    static final Field<String> R_OP = DSL.field("operation", String.class);
    static final Field<Long> R_HASH = DSL.field("payload_hash", Long.class);

    private final Store store;

    public SyncJobs(Store store) {
        this.store = store;
    }

    /** Records a job the vendor accepted and the records it carries, in one transaction. */
    public void submitted(String syncId, String runId, String jobId, List<JobRecord> records) {
        store.dsl().transaction(tx -> {
            tx.dsl().insertInto(JOBS).set(SYNC_ID, syncId).set(JOB_ID, jobId).set(RUN_ID, runId)
                    .set(STATE, name(JobStatus.State.SUBMITTED)).set(RECORDS, (long) records.size())
                    .set(SUBMITTED_AT, now()).execute();
            // One JDBC batch: a bulk job may carry hundreds of thousands of records.
            BatchBindStep insert = tx.dsl().batch(tx.dsl().insertInto(JOB_RECORDS, SYNC_ID, JOB_ID, R_KEY, R_OP, R_HASH)
                    .values((String) null, null, null, null, null));
            for (JobRecord r : records) {
                insert.bind(syncId, jobId, r.key(), r.operation().name().toLowerCase(Locale.ROOT), r.payloadHash());
            }
            insert.execute();
        });
    }

    /** The sync's jobs not yet finished, oldest first. */
    public List<Job> open(String syncId) {
        return store.dsl().select(JOB_COLUMNS).from(JOBS).where(SYNC_ID.eq(syncId).and(FINISHED_AT.isNull()))
                .orderBy(SUBMITTED_AT).fetch(SyncJobs::job);
    }

    /** The sync's latest jobs, newest first. */
    public List<Job> forSync(String syncId, int limit) {
        return forSync(syncId, (Job) null, limit);
    }

    public Optional<Job> find(String syncId, String jobId) {
        return store.dsl().select(JOB_COLUMNS).from(JOBS).where(SYNC_ID.eq(syncId).and(JOB_ID.eq(jobId))).fetchOptional(SyncJobs::job);
    }

    /** The sync's jobs, newest first, that come after {@code after} in that order (from the newest when null). */
    public List<Job> forSync(String syncId, @Nullable Job after, int limit) {
        var newestFirst = store.dsl().select(JOB_COLUMNS).from(JOBS).where(SYNC_ID.eq(syncId)).orderBy(SUBMITTED_AT.desc(), JOB_ID.desc());
        return (after == null ? newestFirst.limit(limit)
                : newestFirst.seek(LocalDateTime.ofInstant(after.submittedAt(), ZoneOffset.UTC), after.jobId()).limit(limit))
                .fetch(SyncJobs::job);
    }

    public List<JobRecord> records(String syncId, String jobId) {
        return store.dsl().select(R_KEY, R_OP, R_HASH).from(JOB_RECORDS).where(SYNC_ID.eq(syncId).and(JOB_ID.eq(jobId)))
                .fetch(r -> new JobRecord(r.value1(), Operation.valueOf(r.value2().toUpperCase(Locale.ROOT)), r.value3()));
    }

    /** Notes a poll that found the job still running. */
    public void checked(String syncId, String jobId, JobStatus status) {
        store.dsl().update(JOBS).set(STATE, name(status.state())).set(MESSAGE, status.message()).set(CHECKED_AT, now())
                .where(SYNC_ID.eq(syncId).and(JOB_ID.eq(jobId))).execute();
    }

    /**
     * Closes a finished job: its state, and the run that recorded its outcome. Called after that run has
     * journaled the job's acknowledgements, so a crash in between only settles the job again.
     */
    public void finished(String syncId, String jobId, JobStatus status, String settledRunId) {
        store.dsl().transaction(tx -> {
            LocalDateTime now = now();
            tx.dsl().update(JOBS).set(STATE, name(status.state())).set(MESSAGE, status.message()).set(CHECKED_AT, now)
                    .set(FINISHED_AT, now).set(SETTLED_RUN_ID, settledRunId)
                    .where(SYNC_ID.eq(syncId).and(JOB_ID.eq(jobId))).execute();
            tx.dsl().deleteFrom(JOB_RECORDS).where(SYNC_ID.eq(syncId).and(JOB_ID.eq(jobId))).execute();
        });
    }

    /**
     * Closes the sync's open jobs as failed with {@code reason}, without waiting for them: their records
     * no longer concern the sync (it was deleted, or its destination changed).
     */
    public void abandonOpen(String syncId, String reason) {
        store.dsl().transaction(tx -> {
            LocalDateTime now = now();
            tx.dsl().update(JOBS).set(STATE, name(JobStatus.State.FAILED)).set(MESSAGE, reason).set(FINISHED_AT, now)
                    .where(SYNC_ID.eq(syncId).and(FINISHED_AT.isNull())).execute();
            tx.dsl().deleteFrom(JOB_RECORDS).where(SYNC_ID.eq(syncId)).execute();
        });
    }

    private static Job job(Record r) {
        return new Job(r.get(SYNC_ID), r.get(JOB_ID), r.get(RUN_ID), JobStatus.State.valueOf(r.get(STATE).toUpperCase(Locale.ROOT)),
                r.get(RECORDS), r.get(MESSAGE), instant(r.get(SUBMITTED_AT)), instant(r.get(CHECKED_AT)),
                instant(r.get(FINISHED_AT)), r.get(SETTLED_RUN_ID));
    }

    private static String name(JobStatus.State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    private static Instant instant(LocalDateTime t) {
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    private static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC);
    }
}
