package dev.weft.models;

import dev.weft.store.Store;
import jakarta.inject.Singleton;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Models runs in the store: {@code weft_runs} (shared by every feature), {@code weft_model_runs}, {@code weft_model_results};
 * and each source table's latest freshness check, {@code weft_source_freshness}.
 */
@Singleton
public class ModelRunStore {

    private static final Table<Record> RUNS = DSL.table("weft_runs");
    private static final Table<Record> MODEL_RUNS = DSL.table("weft_model_runs");
    private static final Table<Record> RESULTS = DSL.table("weft_model_results");

    private static final Field<String> ID = DSL.field("id", String.class);
    private static final Field<String> KIND = DSL.field("kind", String.class);
    private static final Field<String> SUBJECT = DSL.field("subject", String.class);
    private static final Field<String> STATUS = DSL.field("status", String.class);
    private static final Field<LocalDateTime> STARTED_AT = DSL.field("started_at", LocalDateTime.class);
    private static final Field<LocalDateTime> FINISHED_AT = DSL.field("finished_at", LocalDateTime.class);
    private static final Field<String> ERROR = DSL.field("error", String.class);

    private static final Field<String> RUN_ID = DSL.field("run_id", String.class);
    private static final Field<String> WAREHOUSE = DSL.field("warehouse", String.class);
    private static final Field<String> SELECTION = DSL.field("selection", String.class);
    private static final Field<String> COMMIT_SHA = DSL.field("commit_sha", String.class);
    private static final Field<Boolean> DIRTY = DSL.field("dirty", Boolean.class);
    private static final Field<String> GIT_URL = DSL.field("git_url", String.class);
    private static final Field<String> GIT_REF = DSL.field("git_ref", String.class);

    private static final Field<String> NAME = DSL.field("name", String.class);
    private static final Field<String> MODEL = DSL.field("model", String.class);
    private static final Field<String> MATERIALIZED = DSL.field("materialized", String.class);
    private static final Field<Long> DURATION_MS = DSL.field("duration_ms", Long.class);
    private static final Field<Long> ROWS_AFFECTED = DSL.field("rows_affected", Long.class);
    private static final Field<String> SQL_HASH = DSL.field("sql_hash", String.class);
    private static final Field<String> COMPILED_SQL = DSL.field("compiled_sql", String.class);

    // Typed and qualified, so reads convert values and joins are unambiguous.
    private static final Field<String> R_RUN_ID = r("run_id", String.class);
    private static final Field<String> R_NAME = r("name", String.class);
    private static final Field<String> R_KIND = r("kind", String.class);
    private static final Field<String> R_MODEL = r("model", String.class);
    private static final Field<String> R_MATERIALIZED = r("materialized", String.class);
    private static final Field<String> R_STATUS = r("status", String.class);
    private static final Field<LocalDateTime> R_STARTED_AT = r("started_at", LocalDateTime.class);
    private static final Field<Long> R_DURATION_MS = r("duration_ms", Long.class);
    private static final Field<Long> R_ROWS_AFFECTED = r("rows_affected", Long.class);
    private static final Field<String> R_SQL_HASH = r("sql_hash", String.class);
    private static final Field<String> R_COMPILED_SQL = r("compiled_sql", String.class);
    private static final Field<String> R_ERROR = r("error", String.class);
    private static final List<Field<?>> RESULT_FIELDS = List.of(R_RUN_ID, R_NAME, R_KIND, R_MODEL, R_MATERIALIZED, R_STATUS,
            R_STARTED_AT, R_DURATION_MS, R_ROWS_AFFECTED, R_SQL_HASH, R_COMPILED_SQL, R_ERROR);
    private static final Field<String> M_RUN_ID = DSL.field(DSL.name("weft_model_runs", "run_id"), String.class);

    private static final Table<Record> FRESHNESS = DSL.table("weft_source_freshness");
    private static final Field<String> F_SOURCE = DSL.field("source", String.class);
    private static final Field<String> F_LOADED_AT_FIELD = DSL.field("loaded_at_field", String.class);
    private static final Field<LocalDateTime> F_MAX_LOADED_AT = DSL.field("max_loaded_at", LocalDateTime.class);
    private static final Field<LocalDateTime> F_CHECKED_AT = DSL.field("checked_at", LocalDateTime.class);
    private static final Field<Long> F_AGE_SECONDS = DSL.field("age_seconds", Long.class);
    private static final Field<Long> F_WARN_AFTER = DSL.field("warn_after_seconds", Long.class);
    private static final Field<Long> F_ERROR_AFTER = DSL.field("error_after_seconds", Long.class);

    private final Store store;

    private static <T> Field<T> r(String column, Class<T> type) {
        return DSL.field(DSL.name("weft_model_results", column), type);
    }

    public ModelRunStore(Store store) {
        this.store = store;
    }

    void begin(String runId, String kind, String selection, String warehouse, GitState git, Instant startedAt) {
        store.dsl().transaction(tx -> {
            DSLContext dsl = tx.dsl();
            dsl.insertInto(RUNS).set(ID, runId).set(KIND, kind).set(SUBJECT, abbreviate(selection, 200))
                    .set(STATUS, "running").set(STARTED_AT, utc(startedAt)).execute();
            dsl.insertInto(MODEL_RUNS).set(RUN_ID, runId).set(WAREHOUSE, warehouse).set(SELECTION, abbreviate(selection, 2000))
                    .set(COMMIT_SHA, git == null ? null : git.commitSha()).set(DIRTY, git == null ? null : git.dirty())
                    .set(GIT_URL, git == null ? null : git.url()).set(GIT_REF, git == null ? null : git.ref()).execute();
        });
    }

    void result(String runId, ModelResult r) {
        store.dsl().insertInto(RESULTS).set(RUN_ID, runId).set(NAME, r.name()).set(KIND, r.kind()).set(MODEL, r.model())
                .set(MATERIALIZED, r.materialized()).set(STATUS, r.status().label()).set(STARTED_AT, utc(r.startedAt()))
                .set(DURATION_MS, r.durationMs()).set(ROWS_AFFECTED, r.rowsAffected()).set(SQL_HASH, r.sqlHash())
                .set(COMPILED_SQL, r.compiledSql()).set(ERROR, r.error()).execute();
    }

    void finish(String runId, String status, Instant finishedAt, String error) {
        store.dsl().update(RUNS).set(STATUS, status).set(FINISHED_AT, utc(finishedAt)).set(ERROR, error)
                .where(ID.eq(runId)).execute();
    }

    /** A run with its results so far (a running run has status {@code running}). */
    public Optional<RunSummary> find(String runId) {
        Record run = store.dsl().select(ID, KIND, STATUS, STARTED_AT, FINISHED_AT, SELECTION, WAREHOUSE, COMMIT_SHA, DIRTY,
                        GIT_URL, GIT_REF)
                .from(RUNS).join(MODEL_RUNS).on(RUN_ID.eq(ID)).where(ID.eq(runId)).fetchOne();
        if (run == null) {
            return Optional.empty();
        }
        List<ModelResult> results = store.dsl().select(RESULT_FIELDS).from(RESULTS).where(R_RUN_ID.eq(runId))
                .orderBy(R_STARTED_AT, R_NAME).fetch(ModelRunStore::result);
        GitState git = run.get(COMMIT_SHA) == null && run.get(GIT_URL) == null ? null
                : new GitState(run.get(COMMIT_SHA), Boolean.TRUE.equals(run.get(DIRTY)), run.get(GIT_URL), run.get(GIT_REF));
        return Optional.of(new RunSummary(run.get(ID), run.get(KIND), run.get(STATUS), run.get(SELECTION), run.get(WAREHOUSE),
                git, instant(run.get(STARTED_AT)), instant(run.get(FINISHED_AT)), results));
    }

    /** The model's latest result with the commit it was built from. */
    public Optional<LastRun> lastRun(String model) {
        Record r = store.dsl().select(RESULT_FIELDS).select(COMMIT_SHA, DIRTY)
                .from(RESULTS).join(MODEL_RUNS).on(R_RUN_ID.eq(M_RUN_ID))
                .where(R_MODEL.eq(model)).and(R_KIND.eq("model"))
                .orderBy(R_STARTED_AT.desc()).limit(1).fetchOne();
        return Optional.ofNullable(r).map(x -> new LastRun(x.get(R_RUN_ID), x.get(COMMIT_SHA), Boolean.TRUE.equals(x.get(DIRTY)),
                result(x)));
    }

    /** A model's most recent result, the run it belongs to and that run's commit. */
    /** The id of the latest run that built the model successfully (what the pipeline compares to see it rebuilt). */
    public Optional<String> lastBuilt(String model) {
        return store.dsl().select(R_RUN_ID).from(RESULTS).where(R_MODEL.eq(model)).and(R_KIND.eq("model"))
                .and(R_STATUS.eq(ModelResult.Status.SUCCESS.label())).orderBy(R_STARTED_AT.desc()).limit(1).fetchOptional(R_RUN_ID);
    }

    public record LastRun(String runId, String commitSha, boolean dirty, ModelResult result) {
    }

    private static ModelResult result(Record r) {
        return new ModelResult(r.get(R_NAME), r.get(R_KIND), r.get(R_MODEL), r.get(R_MATERIALIZED),
                ModelResult.Status.valueOf(r.get(R_STATUS).toUpperCase(java.util.Locale.ROOT)), instant(r.get(R_STARTED_AT)),
                r.get(R_DURATION_MS), r.get(R_ROWS_AFFECTED), r.get(R_SQL_HASH), r.get(R_COMPILED_SQL), r.get(R_ERROR));
    }

    /** Keeps these checks as their source tables' latest, replacing earlier ones. */
    public void saveFreshness(List<FreshnessResult> results) {
        store.dsl().transaction(tx -> {
            DSLContext dsl = tx.dsl();
            for (FreshnessResult r : results) {
                dsl.deleteFrom(FRESHNESS).where(F_SOURCE.eq(r.source())).execute();
                dsl.insertInto(FRESHNESS).set(F_SOURCE, r.source()).set(F_LOADED_AT_FIELD, r.loadedAtField())
                        .set(F_MAX_LOADED_AT, utc(r.maxLoadedAt())).set(F_CHECKED_AT, utc(r.checkedAt()))
                        .set(F_AGE_SECONDS, seconds(r.age())).set(STATUS, r.status().label())
                        .set(F_WARN_AFTER, seconds(r.warnAfter())).set(F_ERROR_AFTER, seconds(r.errorAfter()))
                        .set(ERROR, r.error()).execute();
            }
        });
    }

    /** Each source table's latest freshness check, by {@code source.table}. */
    public java.util.Map<String, FreshnessResult> freshness() {
        java.util.Map<String, FreshnessResult> out = new java.util.TreeMap<>();
        store.dsl().select(F_SOURCE, F_LOADED_AT_FIELD, F_MAX_LOADED_AT, F_CHECKED_AT, F_AGE_SECONDS, STATUS, F_WARN_AFTER,
                F_ERROR_AFTER, ERROR).from(FRESHNESS).fetch().forEach(r -> out.put(r.get(F_SOURCE), new FreshnessResult(
                r.get(F_SOURCE), r.get(F_LOADED_AT_FIELD), instant(r.get(F_MAX_LOADED_AT)), instant(r.get(F_CHECKED_AT)),
                duration(r.get(F_AGE_SECONDS)), Freshness.Status.valueOf(r.get(STATUS).toUpperCase(java.util.Locale.ROOT)),
                duration(r.get(F_WARN_AFTER)), duration(r.get(F_ERROR_AFTER)), r.get(ERROR))));
        return out;
    }

    private static Long seconds(java.time.Duration d) {
        return d == null ? null : d.toSeconds();
    }

    private static java.time.Duration duration(Long seconds) {
        return seconds == null ? null : java.time.Duration.ofSeconds(seconds);
    }

    private static LocalDateTime utc(Instant i) {
        return i == null ? null : LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static Instant instant(LocalDateTime t) {
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
