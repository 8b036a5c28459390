package dev.weft.audiences;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store's audience tables: REST-made audiences, their versions and run history (migration V30, the as_of of runs V60), and
 * each audience's latest outcome (V44).
 */
@Singleton
public class AudienceRepository {

    private static final Table<Record> AUDIENCES = DSL.table("weft_audiences");
    private static final Table<Record> VERSIONS = DSL.table("weft_audience_versions");
    private static final Table<Record> RUNS = DSL.table("weft_audience_runs");
    private static final Table<Record> LAST_RUNS = DSL.table("weft_audience_last_runs");
    private static final Field<String> ID = DSL.field("id", String.class);
    private static final Field<String> NAME = DSL.field("name", String.class);
    private static final Field<Integer> VERSION = DSL.field("version", Integer.class);
    private static final Field<String> DEFINITION = DSL.field("definition", String.class);
    private static final Field<LocalDateTime> CREATED_AT = DSL.field("created_at", LocalDateTime.class);
    private static final Field<String> CREATED_BY = DSL.field("created_by", String.class);
    private static final Field<LocalDateTime> UPDATED_AT = DSL.field("updated_at", LocalDateTime.class);
    private static final Field<String> UPDATED_BY = DSL.field("updated_by", String.class);
    private static final Field<String> AUDIENCE_ID = DSL.field("audience_id", String.class);
    private static final Field<String> RUN_ID = DSL.field("run_id", String.class);
    private static final Field<Long> SIZE = DSL.field("size", Long.class);
    private static final Field<Long> ENTERED = DSL.field("entered", Long.class);
    private static final Field<Long> EXITED = DSL.field("exited", Long.class);
    private static final Field<LocalDateTime> COMPUTED_AT = DSL.field("computed_at", LocalDateTime.class);
    private static final Field<String> STATUS = DSL.field("status", String.class);
    private static final Field<String> ERROR = DSL.field("error", String.class);
    private static final Field<LocalDateTime> FINISHED_AT = DSL.field("finished_at", LocalDateTime.class);

    private static final List<Field<?>> AUDIENCE_FIELDS = List.of(ID, NAME, VERSION, DEFINITION, CREATED_AT, CREATED_BY,
            UPDATED_AT, UPDATED_BY);
    private static final List<Field<?>> VERSION_FIELDS = List.of(AUDIENCE_ID, VERSION, DEFINITION, CREATED_AT, CREATED_BY);
    private static final Field<LocalDateTime> AS_OF = DSL.field("as_of", LocalDateTime.class);
    private static final List<Field<?>> RUN_FIELDS = List.of(RUN_ID, AUDIENCE_ID, VERSION, SIZE, ENTERED, EXITED, COMPUTED_AT, AS_OF);
    private static final List<Field<?>> LAST_RUN_FIELDS = List.of(AUDIENCE_ID, RUN_ID, STATUS, SIZE, ERROR, FINISHED_AT);

    private final Store store;
    private final ObjectMapper json = new ObjectMapper();

    public AudienceRepository(Store store) {
        this.store = store;
    }

    public List<Audience> list() {
        return store.dsl().select(AUDIENCE_FIELDS).from(AUDIENCES).orderBy(NAME, ID).fetch(this::audience);
    }

    public Optional<Audience> find(String id) {
        return store.dsl().select(AUDIENCE_FIELDS).from(AUDIENCES).where(ID.eq(id)).fetchOptional(this::audience);
    }

    /** Adds an audience (version 1) or a new version of it, in one transaction. */
    public Audience save(String id, String name, JsonNode definition, String who, Instant when) {
        String text = write(definition);
        LocalDateTime at = utc(when);
        store.dsl().transaction(tx -> {
            DSLContext dsl = tx.dsl();
            Integer current = dsl.select(VERSION).from(AUDIENCES).where(ID.eq(id)).forUpdate().fetchOne(VERSION);
            int version = current == null ? 1 : current + 1;
            if (current == null) {
                dsl.insertInto(AUDIENCES).set(ID, id).set(NAME, name).set(VERSION, version).set(DEFINITION, text)
                        .set(CREATED_AT, at).set(CREATED_BY, who).set(UPDATED_AT, at).set(UPDATED_BY, who).execute();
            } else {
                dsl.update(AUDIENCES).set(NAME, name).set(VERSION, version).set(DEFINITION, text)
                        .set(UPDATED_AT, at).set(UPDATED_BY, who).where(ID.eq(id)).execute();
            }
            dsl.insertInto(VERSIONS).set(AUDIENCE_ID, id).set(VERSION, version).set(DEFINITION, text)
                    .set(CREATED_AT, at).set(CREATED_BY, who).execute();
        });
        return find(id).orElseThrow();
    }

    public void delete(String id) {
        store.dsl().transaction(tx -> {
            tx.dsl().deleteFrom(VERSIONS).where(AUDIENCE_ID.eq(id)).execute();
            tx.dsl().deleteFrom(RUNS).where(AUDIENCE_ID.eq(id)).execute();
            tx.dsl().deleteFrom(LAST_RUNS).where(AUDIENCE_ID.eq(id)).execute();
            tx.dsl().deleteFrom(AUDIENCES).where(ID.eq(id)).execute();
        });
    }

    public List<AudienceVersion> versions(String id) {
        return store.dsl().select(VERSION_FIELDS).from(VERSIONS).where(AUDIENCE_ID.eq(id)).orderBy(VERSION.desc())
                .fetch(r -> new AudienceVersion(r.get(AUDIENCE_ID), r.get(VERSION), read(r.get(DEFINITION)),
                        instant(r.get(CREATED_AT)), r.get(CREATED_BY)));
    }

    public void recordRun(AudienceRun run) {
        store.dsl().insertInto(RUNS).set(RUN_ID, run.runId()).set(AUDIENCE_ID, run.audienceId())
                .set(VERSION, run.version()).set(SIZE, run.size()).set(ENTERED, run.entered()).set(EXITED, run.exited())
                .set(COMPUTED_AT, utc(run.computedAt())).set(AS_OF, run.asOf() == null ? null : utc(run.asOf())).execute();
    }

    /** Newest first. */
    public List<AudienceRun> history(String id, int limit) {
        return store.dsl().select(RUN_FIELDS).from(RUNS).where(AUDIENCE_ID.eq(id)).orderBy(COMPUTED_AT.desc()).limit(limit)
                .fetch(r -> new AudienceRun(r.get(RUN_ID), r.get(AUDIENCE_ID), r.get(VERSION), r.get(SIZE), r.get(ENTERED),
                        r.get(EXITED), instant(r.get(COMPUTED_AT)), r.get(AS_OF) == null ? null : instant(r.get(AS_OF))));
    }

    /** Replaces the audience's latest outcome. */
    public void recordLastRun(String audienceId, Audience.LastRun run) {
        store.dsl().transaction(tx -> {
            tx.dsl().deleteFrom(LAST_RUNS).where(AUDIENCE_ID.eq(audienceId)).execute();
            tx.dsl().insertInto(LAST_RUNS).set(AUDIENCE_ID, audienceId).set(RUN_ID, run.runId()).set(STATUS, run.status())
                    .set(SIZE, run.size()).set(ERROR, run.error()).set(FINISHED_AT, utc(run.finishedAt())).execute();
        });
    }

    /** Every audience's latest outcome, by audience ID. */
    public Map<String, Audience.LastRun> lastRuns() {
        Map<String, Audience.LastRun> out = new HashMap<>();
        store.dsl().select(LAST_RUN_FIELDS).from(LAST_RUNS).fetch().forEach(r -> out.put(r.get(AUDIENCE_ID), lastRun(r)));
        return out;
    }

    public Optional<Audience.LastRun> lastRun(String audienceId) {
        return store.dsl().select(LAST_RUN_FIELDS).from(LAST_RUNS).where(AUDIENCE_ID.eq(audienceId)).fetchOptional(this::lastRun);
    }

    private Audience.LastRun lastRun(Record r) {
        return new Audience.LastRun(r.get(RUN_ID), r.get(STATUS), r.get(SIZE), r.get(ERROR), instant(r.get(FINISHED_AT)));
    }

    private Audience audience(Record r) {
        return new Audience(r.get(ID), r.get(NAME), "api", null, r.get(VERSION), read(r.get(DEFINITION)),
                instant(r.get(CREATED_AT)), r.get(CREATED_BY), instant(r.get(UPDATED_AT)), r.get(UPDATED_BY), null, null);
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored audience definition is not JSON: " + e.getMessage(), e);
        }
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static LocalDateTime utc(Instant t) {
        return LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    private static Instant instant(LocalDateTime t) {
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }
}
