package dev.weft.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.store.Store;
import jakarta.inject.Singleton;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The pipeline's records in the store: runs in {@code weft_runs} (kind {@code pipeline}) with their assets'
 * results in {@code weft_pipeline_results}, and the inputs each asset was last built from in
 * {@code weft_pipeline_assets}.
 */
@Singleton
public class PipelineStore {

    static final String KIND = "pipeline";

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Table<Record> RUNS = DSL.table("weft_runs");
    private static final Table<Record> RESULTS = DSL.table("weft_pipeline_results");
    private static final Table<Record> ASSETS = DSL.table("weft_pipeline_assets");

    private static final Field<String> ID = DSL.field("id", String.class);
    private static final Field<String> RUN_KIND = DSL.field("kind", String.class);
    private static final Field<String> SUBJECT = DSL.field("subject", String.class);
    private static final Field<String> STATUS = DSL.field("status", String.class);
    private static final Field<LocalDateTime> STARTED_AT = DSL.field("started_at", LocalDateTime.class);
    private static final Field<LocalDateTime> FINISHED_AT = DSL.field("finished_at", LocalDateTime.class);
    private static final Field<String> ERROR = DSL.field("error", String.class);

    private static final Field<String> RUN_ID = DSL.field("run_id", String.class);
    private static final Field<Integer> POSITION = DSL.field("position", Integer.class);
    private static final Field<String> ASSET_ID = DSL.field("asset_id", String.class);
    private static final Field<String> ASSET_KIND = DSL.field("kind", String.class);
    private static final Field<String> OUTCOME = DSL.field("outcome", String.class);
    private static final Field<String> REASON = DSL.field("reason", String.class);
    private static final Field<Long> DURATION_MS = DSL.field("duration_ms", Long.class);
    private static final Field<Long> ROWS = DSL.field("rows_affected", Long.class);
    private static final Field<String> INPUTS = DSL.field("inputs", String.class);
    private static final Field<LocalDateTime> BUILT_AT = DSL.field("built_at", LocalDateTime.class);

    private final Store store;

    public PipelineStore(Store store) {
        this.store = store;
    }

    void begin(String runId, String trigger, Instant startedAt) {
        store.dsl().insertInto(RUNS).set(ID, runId).set(RUN_KIND, KIND).set(SUBJECT, trigger).set(STATUS, PipelineRun.RUNNING)
                .set(STARTED_AT, utc(startedAt)).execute();
    }

    void result(String runId, int position, AssetResult r) {
        store.dsl().insertInto(RESULTS).set(RUN_ID, runId).set(POSITION, position).set(ASSET_ID, r.asset())
                .set(ASSET_KIND, r.kind().label()).set(OUTCOME, r.outcome().label()).set(REASON, r.reason())
                .set(DURATION_MS, Math.round(r.seconds() * 1000)).set(ROWS, r.rows()).execute();
    }

    void finish(String runId, String status, Instant finishedAt, String error) {
        store.dsl().update(RUNS).set(STATUS, status).set(FINISHED_AT, utc(finishedAt)).set(ERROR, error).where(ID.eq(runId)).execute();
    }

    /** The inputs the asset was last built from; empty when it never was. */
    Optional<Map<String, String>> builtFrom(String assetId) {
        return store.dsl().select(INPUTS).from(ASSETS).where(ASSET_ID.eq(assetId)).fetchOptional(INPUTS).map(PipelineStore::parse);
    }

    void built(String assetId, Map<String, String> inputs, String runId, Instant at) {
        String json = write(inputs);
        store.dsl().transaction(tx -> {
            int updated = tx.dsl().update(ASSETS).set(INPUTS, json).set(BUILT_AT, utc(at)).set(RUN_ID, runId)
                    .where(ASSET_ID.eq(assetId)).execute();
            if (updated == 0) {
                tx.dsl().insertInto(ASSETS).set(ASSET_ID, assetId).set(INPUTS, json).set(BUILT_AT, utc(at)).set(RUN_ID, runId).execute();
            }
        });
    }

    /** The newest runs first, at most {@code limit}, each with its assets. */
    public List<PipelineRun> recent(int limit) {
        return store.dsl().select(ID, SUBJECT, STATUS, STARTED_AT, FINISHED_AT, ERROR).from(RUNS).where(RUN_KIND.eq(KIND))
                .orderBy(STARTED_AT.desc(), ID).limit(limit).fetch(this::run);
    }

    public Optional<PipelineRun> find(String runId) {
        return store.dsl().select(ID, SUBJECT, STATUS, STARTED_AT, FINISHED_AT, ERROR).from(RUNS).where(RUN_KIND.eq(KIND)).and(ID.eq(runId))
                .fetchOptional(this::run);
    }

    private PipelineRun run(Record r) {
        List<AssetResult> assets = store.dsl().select(ASSET_ID, ASSET_KIND, OUTCOME, REASON, DURATION_MS, ROWS).from(RESULTS)
                .where(RUN_ID.eq(r.get(ID))).orderBy(POSITION)
                .fetch(a -> new AssetResult(a.get(ASSET_ID), Asset.Kind.valueOf(a.get(ASSET_KIND).toUpperCase(java.util.Locale.ROOT)),
                        AssetResult.Outcome.valueOf(a.get(OUTCOME).toUpperCase(java.util.Locale.ROOT)), a.get(REASON),
                        a.get(DURATION_MS) / 1000.0, a.get(ROWS)));
        return new PipelineRun(r.get(ID), r.get(SUBJECT), r.get(STATUS), instant(r.get(STARTED_AT)), instant(r.get(FINISHED_AT)),
                r.get(ERROR), assets);
    }

    private static Map<String, String> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<TreeMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("weft_pipeline_assets holds inputs that are not JSON: " + e.getMessage(), e);
        }
    }

    private static String write(Map<String, String> inputs) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(inputs));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LocalDateTime utc(Instant i) {
        return i == null ? null : LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    private static Instant instant(LocalDateTime t) {
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }
}
