package dev.weft.audiences;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.WeftException;
import dev.weft.api.ApiException;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Row;
import dev.weft.warehouse.TableInfo;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseException;
import dev.weft.warehouse.Warehouses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import org.jooq.Select;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What the API and the CLI do with audiences: keep them (git files and the store), validate, preview,
 * compare and materialize them in the primary warehouse.
 */
@Singleton
public class AudienceService {

    static final int MAX_SAMPLE = 100;
    private static final Logger LOG = LoggerFactory.getLogger(AudienceService.class);
    private static final long SCHEMA_TTL_MILLIS = 30_000;

    private final AudiencesConfig config;
    private final Warehouses warehouses;
    private final AudienceRepository repository;
    private final GitAudiences git;
    private final List<AudienceUsage> usages;
    private final ObjectMapper json = new ObjectMapper();
    private Clock clock = Clock.systemUTC();
    private volatile AudienceSchema cachedSchema;
    private volatile long schemaReadAt;

    public AudienceService(AudiencesConfig config, Warehouses warehouses, AudienceRepository repository, GitAudiences git,
                           List<AudienceUsage> usages) {
        this.config = config;
        this.warehouses = warehouses;
        this.repository = repository;
        this.git = git;
        this.usages = usages;
    }

    void clock(Clock clock) {
        this.clock = clock;
    }

    // -- catalogue --------------------------------------------------------------------------------

    /**
     * Git audiences first; a REST audience whose ID a git file also has is shadowed by the file. A git file
     * that is no audience is listed as invalid; each audience comes with its latest run's outcome.
     */
    public List<Audience> list() {
        List<Audience> out = new ArrayList<>(git.list());
        Set<String> ids = out.stream().map(Audience::id).collect(Collectors.toSet());
        repository.list().stream().filter(a -> !ids.contains(a.id())).forEach(out::add);
        Map<String, Audience.LastRun> lastRuns = repository.lastRuns();
        return out.stream().map(a -> a.withLastRun(lastRuns.get(a.id()))).toList();
    }

    /** One audience with its latest run's outcome; a git file that is no audience is a 409 saying why. */
    public Audience get(String id) {
        Audience a = existing(id);
        if (a.invalid() != null) {
            throw invalid(a);
        }
        return a.withLastRun(repository.lastRun(id).orElse(null));
    }

    /** An audience, valid or not, or 404. */
    private Audience existing(String id) {
        return find(id).orElseThrow(() -> ApiException.notFound("audience '" + id + "'"));
    }

    /** The git file with that ID, else the API audience; an ID no audience can have is looked up nowhere. */
    private Optional<Audience> find(String id) {
        if (!GitAudiences.ID.matcher(id).matches()) {
            return Optional.empty(); // API IDs are UUIDs, git IDs file names: both match
        }
        return git.find(id).or(() -> repository.find(id));
    }

    private static ApiException invalid(Audience a) {
        return new ApiException(HttpStatus.CONFLICT, "invalid_audience", "audience '" + a.id() + "' is invalid: " + a.invalid());
    }

    public Audience create(JsonNode body, String who) {
        AudienceDefinition def = validate(body, "", null);
        String id = UUID.randomUUID().toString();
        check(id, def);
        return repository.save(id, def.name(), body, who, clock.instant());
    }

    public Audience update(String id, JsonNode body, String who) {
        Audience current = existing(id);
        requireWritable(current);
        AudienceDefinition def = validate(body, "", null);
        check(id, def);
        return repository.save(id, def.name(), body, who, clock.instant());
    }

    public void delete(String id) {
        Audience current = existing(id);
        requireWritable(current);
        List<String> syncs = usages.stream().flatMap(u -> u.syncsUsing(id).stream()).distinct().sorted().toList();
        if (!syncs.isEmpty()) {
            throw ApiException.conflict("audience '" + id + "' is used by sync" + (syncs.size() == 1 ? " " : "s ")
                    + String.join(", ", syncs) + "; change or delete " + (syncs.size() == 1 ? "it" : "them") + " first");
        }
        repository.delete(id);
        Warehouse w = warehouse();
        if (w.tableExists(AudienceQueries.MEMBERS_TABLE)) {
            AudienceQueries.Rendered sql = queries().deleteMembers(id);
            w.execute(sql.sql(), sql.binds().toArray());
        }
    }

    public List<AudienceVersion> versions(String id) {
        Audience a = get(id);
        if (a.fromGit()) {
            return List.of(new AudienceVersion(id, 1, a.definition(), a.updatedAt(), "git"));
        }
        return repository.versions(id);
    }

    public List<AudienceRun> history(String id) {
        existing(id);
        return repository.history(id, 500);
    }

    private static void requireWritable(Audience a) {
        if (a.fromGit()) {
            throw new ApiException(HttpStatus.CONFLICT, "read_only", "audience '" + a.id() + "' comes from git (" + a.file()
                    + "); change it with a pull request");
        }
    }

    // -- validation and compilation -------------------------------------------------------------

    /** Parses a request's JSON text; malformed JSON is a 400 naming line and column. */
    public JsonNode parseJson(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : json.readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("the request body must be a JSON object", List.of(new ApiException.Detail("/", "expected a JSON object")));
            }
            List<ApiException.Detail> nul = DefinitionParser.nulCharacters(node, "");
            if (!nul.isEmpty()) {
                throw ApiException.badRequest("the request body holds the NUL character", nul);
            }
            return node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
            throw ApiException.badRequest("the request body is not valid JSON" + where,
                    List.of(new ApiException.Detail("/", e.getOriginalMessage())));
        }
    }

    AudienceDefinition validate(JsonNode node, String base, Boolean nameRequired) {
        return DefinitionParser.parse(node, base, schema(), nameRequired == null || nameRequired);
    }

    /** Compiles once so unknown audiences, unknown split groups and cycles fail before saving. */
    private void check(String id, AudienceDefinition def) {
        queries().members(id, def, resolver(Map.of(id, def)));
    }

    private AudienceQueries.Resolver resolver(Map<String, AudienceDefinition> overrides) {
        return id -> {
            if (overrides.containsKey(id)) {
                return Optional.of(overrides.get(id));
            }
            return find(id).map(this::definitionOf);
        };
    }

    AudienceDefinition definitionOf(Audience a) {
        if (a.invalid() != null) {
            throw invalid(a);
        }
        try {
            return DefinitionParser.parse(a.definition(), "", schema(), false);
        } catch (ApiException e) {
            throw new ApiException(HttpStatus.CONFLICT, "invalid_audience", "audience '" + a.id() + "'"
                    + (a.file() == null ? "" : " (" + a.file() + ")") + " is invalid: " + e.details().stream()
                    .map(d -> d.path() + ": " + d.problem()).collect(Collectors.joining("; ")), e.details());
        }
    }

    Select<?> members(String id, AudienceDefinition def) {
        return queries().members(id, def, resolver(Map.of(id, def)));
    }

    AudienceQueries queries() {
        return queries(LocalDateTime.now(clock));
    }

    /** Statements for relative time windows ("last 7 days") measured back from {@code now}. */
    AudienceQueries queries(LocalDateTime now) {
        return new AudienceQueries(warehouse().dialect(), schema(), now);
    }

    Warehouse warehouse() {
        return warehouses.primary();
    }

    /** The catalogue, re-read at most every 30 s (a preview should not pay for it each time). */
    AudienceSchema schema() {
        long now = System.currentTimeMillis();
        AudienceSchema s = cachedSchema;
        if (s == null || now - schemaReadAt > SCHEMA_TTL_MILLIS) {
            try {
                s = AudienceSchema.read(warehouse(), config.traits(), config.events());
            } catch (WarehouseException e) {
                throw e; // a failing statement, not a missing model: never its SQL in a 409
            } catch (WeftException e) {
                throw new ApiException(HttpStatus.CONFLICT, "not_ready", e.getMessage());
            }
            cachedSchema = s;
            schemaReadAt = now;
        }
        return s;
    }

    /** Forgets the cached catalogue, after models changed the tables. */
    public void refreshSchema() {
        cachedSchema = null;
    }

    // -- preview, overlap, diff -----------------------------------------------------------------

    public record Preview(long count, Map<String, Long> splitCounts, List<Map<String, Object>> sample, String sql,
                          List<Object> binds) {
    }

    /**
     * Body: {@code {"definition": {...}}} for an unsaved definition, or {@code {"audience": "id"}} for a
     * saved one (both: the definition, split as that audience would be); optional
     * {@code "sample": {"size": 10, "traits": ["email", ...]}}.
     */
    public Preview preview(JsonNode body) {
        allowOnly(body, "", Set.of("definition", "audience", "sample"));
        String id = body.hasNonNull("audience") ? text(body.get("audience"), "/audience") : null;
        AudienceDefinition def;
        if (body.hasNonNull("definition")) {
            def = validate(body.get("definition"), "/definition", false);
        } else if (id != null) {
            def = definitionOf(existing(id));
        } else {
            throw ApiException.badRequest("nothing to preview", List.of(new ApiException.Detail("/definition",
                    "is required (or name a saved audience in /audience)")));
        }
        int size = 10;
        List<String> traits = schema().traitColumns().stream().filter(c -> !c.equals(AudienceSchema.PROFILE_ID)).toList();
        JsonNode sample = body.get("sample");
        if (sample != null && !sample.isNull()) {
            if (!sample.isObject()) {
                throw ApiException.badRequest("invalid sample", List.of(new ApiException.Detail("/sample", "must be a JSON object")));
            }
            allowOnly(sample, "/sample", Set.of("size", "traits"));
            if (sample.has("size")) {
                JsonNode n = sample.get("size");
                if (!n.isIntegralNumber() || n.asLong() < 0 || n.asLong() > MAX_SAMPLE) {
                    throw ApiException.badRequest("invalid sample size", List.of(new ApiException.Detail("/sample/size",
                            "must be a whole number from 0 to " + MAX_SAMPLE)));
                }
                size = n.asInt();
            }
            if (sample.has("traits")) {
                traits = sampleTraits(sample.get("traits"));
            }
        }
        String audienceId = id == null ? "preview" : id;
        AudienceQueries q = queries();
        Select<?> members = q.members(audienceId, def, resolver(Map.of(audienceId, def)));
        AudienceQueries.Rendered pass = q.render(q.preview(members, size));
        Map<String, Long> groups = new TreeMap<>();
        long[] total = {0};
        List<String[]> sampled = new ArrayList<>();
        Warehouse w = warehouses.interactive();
        w.query(pass.sql(), pass.binds(), row -> {
            if (row.getLong(0) == 1) {
                long n = row.getLong(3);
                total[0] += n;
                if (row.getString(2) != null) {
                    groups.put(row.getString(2), n);
                }
            } else {
                sampled.add(new String[]{row.getString(1), row.getString(2)});
            }
        });
        if (def.split() != null) {
            def.split().groups().forEach(g -> groups.putIfAbsent(g.name(), 0L));
        }
        sampled.sort(java.util.Comparator.comparing(x -> x[0]));
        List<Map<String, Object>> rows = new ArrayList<>();
        if (!sampled.isEmpty()) {
            Map<String, Map<String, Object>> traitsById = new java.util.HashMap<>();
            if (!traits.isEmpty()) {
                AudienceQueries.Rendered t = q.render(q.traitsOf(sampled.stream().map(x -> x[0]).toList(), traits));
                List<String> shown = traits;
                w.query(t.sql(), t.binds(), row -> traitsById.put(row.getString(0), traitValues(row, shown)));
            }
            for (String[] s : sampled) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put(AudienceSchema.PROFILE_ID, s[0]);
                if (s[1] != null) {
                    out.put("split_group", s[1]);
                }
                Map<String, Object> values = traitsById.get(s[0]);
                for (String trait : traits) {
                    out.put(trait, values == null ? null : values.get(trait));
                }
                rows.add(out);
            }
        }
        AudienceQueries.Rendered sql = q.render(members);
        return new Preview(total[0], def.split() == null ? null : groups, rows, sql.sql(), sql.binds().stream().map(AudienceService::shown).toList());
    }

    private List<String> sampleTraits(JsonNode node) {
        if (!node.isArray() || node.size() > 50) {
            throw ApiException.badRequest("invalid sample traits", List.of(new ApiException.Detail("/sample/traits",
                    "must be an array of at most 50 column names")));
        }
        List<String> out = new ArrayList<>();
        List<ApiException.Detail> errors = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String name = node.get(i).isTextual() ? node.get(i).asText() : null;
            Optional<TableInfo.ColumnInfo> c = name == null ? Optional.empty() : schema().traits().column(name);
            if (c.isEmpty() || c.get().name().equals(AudienceSchema.PROFILE_ID)) {
                errors.add(new ApiException.Detail("/sample/traits/" + i, "no column '" + node.get(i).asText()
                        + "' in the traits model " + schema().traits().name()));
            } else {
                out.add(c.get().name());
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("invalid sample traits", errors);
        }
        return new ArrayList<>(new LinkedHashSet<>(out));
    }

    /** Trait values of one row (column 0 is profile_id) as JSON-friendly values. */
    private Map<String, Object> traitValues(Row row, List<String> traits) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < traits.size(); i++) {
            ColumnType type = schema().traits().column(traits.get(i)).orElseThrow().type();
            int c = i + 1;
            Object v = switch (type) {
                case BIGINT, INTEGER -> row.getLong(c);
                case DOUBLE -> row.getDouble(c);
                case BOOLEAN -> row.getBoolean(c);
                case TIMESTAMP -> row.getInstant(c) == null ? null : row.getInstant(c).toString();
                case DATE -> row.getDate(c) == null ? null : row.getDate(c).toString();
                default -> row.getString(c);
            };
            out.put(traits.get(i), v);
        }
        return out;
    }

    private static Object shown(Object bind) {
        return bind instanceof LocalDateTime t ? t.toInstant(ZoneOffset.UTC).toString() : bind instanceof java.time.LocalDate d ? d.toString() : bind;
    }

    public record Overlap(Map<String, Long> sizes, List<Pair> pairs, Map<String, Long> unique) {
        public record Pair(String a, String b, long both) {
        }
    }

    /** Body: {@code {"audiences": ["id1", "id2", ...]}} with 2 to 10 distinct IDs. */
    public Overlap overlap(JsonNode body) {
        allowOnly(body, "", Set.of("audiences"));
        JsonNode ids = body.get("audiences");
        if (ids == null || !ids.isArray() || ids.size() < 2 || ids.size() > 10) {
            throw ApiException.badRequest("overlap needs 2 to 10 audiences", List.of(new ApiException.Detail("/audiences",
                    "must be an array of 2 to 10 audience IDs")));
        }
        List<String> list = new ArrayList<>();
        List<ApiException.Detail> errors = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i).isTextual() ? ids.get(i).asText() : null;
            if (id == null || list.contains(id)) {
                errors.add(new ApiException.Detail("/audiences/" + i, id == null ? "must be an audience ID (a string)" : "'" + id + "' is listed twice"));
            } else if (find(id).isEmpty()) {
                errors.add(new ApiException.Detail("/audiences/" + i, "no audience with id '" + id + "'"));
            }
            list.add(id);
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("invalid audience list", errors);
        }
        List<AudienceDefinition> defs = list.stream().map(id -> definitionOf(existing(id))).toList();
        Map<Long, Long> masks = masks(list, defs);
        Map<String, Long> sizes = new LinkedHashMap<>();
        Map<String, Long> unique = new LinkedHashMap<>();
        List<Overlap.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            long bit = 1L << i;
            sizes.put(list.get(i), masks.entrySet().stream().filter(e -> (e.getKey() & bit) != 0).mapToLong(Map.Entry::getValue).sum());
            unique.put(list.get(i), masks.getOrDefault(bit, 0L));
            for (int j = i + 1; j < list.size(); j++) {
                long both = bit | (1L << j);
                pairs.add(new Overlap.Pair(list.get(i), list.get(j),
                        masks.entrySet().stream().filter(e -> (e.getKey() & both) == both).mapToLong(Map.Entry::getValue).sum()));
            }
        }
        return new Overlap(sizes, pairs, unique);
    }

    /** Profiles per membership combination (bit i: in audience i). */
    private Map<Long, Long> masks(List<String> ids, List<AudienceDefinition> defs) {
        AudienceQueries q = queries();
        List<Select<?>> selects = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            selects.add(q.members(ids.get(i), defs.get(i), resolver(Map.of(ids.get(i), defs.get(i)))));
        }
        AudienceQueries.Rendered sql = q.render(q.overlap(selects));
        Map<Long, Long> masks = new TreeMap<>();
        warehouses.interactive().query(sql.sql(), sql.binds(), row -> masks.put(row.getLong(0), row.getLong(1)));
        return masks;
    }

    public record Diff(String audienceId, boolean exists, long sizeBefore, long sizeAfter, long entering, long leaving) {
    }

    /**
     * What replacing audience {@code id}'s definition with {@code definition} would do, computed now.
     * "Before" is what the audience is now: its members as last materialized (what syncs see) or, never
     * materialized, its definition made through the API; otherwise the audience is new. (A file under
     * review in audiences/ is the "after", so it cannot also be the "before".)
     */
    public Diff diff(String id, JsonNode definition) {
        AudienceDefinition after = validate(definition, "", false);
        AudienceQueries q = queries();
        Select<?> afterMembers = q.members(id, after, resolver(Map.of(id, after)));
        Select<?> before = null;
        if (!repository.history(id, 1).isEmpty() && warehouse().tableExists(AudienceQueries.MEMBERS_TABLE)) {
            before = q.materializedMembers(id);
        } else {
            Optional<Audience> stored = repository.find(id);
            if (stored.isPresent()) {
                before = q.members(id, definitionOf(stored.get()), resolver(Map.of()));
            }
        }
        if (before == null) {
            AudienceQueries.Rendered counts = q.render(q.countBySplit(afterMembers));
            long[] size = {0};
            warehouse().query(counts.sql(), counts.binds(), row -> size[0] += row.getLong(1));
            return new Diff(id, false, 0, size[0], size[0], 0);
        }
        AudienceQueries.Rendered sql = q.render(q.overlap(List.of(before, afterMembers)));
        Map<Long, Long> masks = new TreeMap<>();
        warehouse().query(sql.sql(), sql.binds(), row -> masks.put(row.getLong(0), row.getLong(1)));
        long leaving = masks.getOrDefault(1L, 0L);
        long entering = masks.getOrDefault(2L, 0L);
        long both = masks.getOrDefault(3L, 0L);
        return new Diff(id, true, leaving + both, entering + both, entering, leaving);
    }

    /** When the events model's latest event happened, or empty when it has none. */
    public Optional<Instant> latestEvent() {
        AudienceQueries.Rendered sql = queries().latestEvent();
        List<Instant> t = warehouse().queryList(sql.sql(), sql.binds(), row -> row.getInstant(0));
        return t.isEmpty() ? Optional.empty() : Optional.ofNullable(t.get(0));
    }

    // -- materialization ------------------------------------------------------------------------

    /** How materializing one audience ended: its run, or the error recorded for it. */
    public record Outcome(String audienceId, @Nullable AudienceRun run, @Nullable String error) {
        public boolean failed() {
            return run == null;
        }
    }

    /**
     * Materializes the given audiences (all when empty) into weft_audience_members, each on its own: one
     * that fails (invalid, or failing in the warehouse) is recorded as failed with why, and the others still
     * run. Unknown IDs fail before any runs.
     */
    public List<Outcome> run(List<String> ids) {
        return run(ids, null);
    }

    /**
     * As {@link #run(List)}, with relative windows measured back from {@code asOf} instead of the
     * clock (the demo's data ends at a fixed date).
     */
    public List<Outcome> run(List<String> ids, Instant asOf) {
        List<Audience> audiences = ids.isEmpty() ? list() : ids.stream().map(this::existing).toList();
        Warehouse w = warehouse();
        ensureTables(w);
        String runId = UUID.randomUUID().toString();
        List<Outcome> out = new ArrayList<>();
        for (Audience a : audiences) {
            try {
                out.add(new Outcome(a.id(), materialize(w, a, runId, asOf), null));
            } catch (RuntimeException e) {
                out.add(new Outcome(a.id(), null, recordFailure(a.id(), runId, e)));
            }
        }
        return out;
    }

    /** Materializes one audience now; a failure is recorded as its latest run, then thrown. */
    public AudienceRun runOne(String id) {
        Audience a = existing(id);
        Warehouse w = warehouse();
        ensureTables(w);
        String runId = UUID.randomUUID().toString();
        try {
            return materialize(w, a, runId, null);
        } catch (RuntimeException e) {
            recordFailure(a.id(), runId, e);
            throw e;
        }
    }

    private AudienceRun materialize(Warehouse w, Audience a, String runId, Instant asOf) {
        AudienceDefinition def = definitionOf(a);
        Instant at = clock.instant();
        AudienceQueries q = asOf == null ? queries() : queries(LocalDateTime.ofInstant(asOf, ZoneOffset.UTC));
        AudienceQueries.Materialization m = q.materialize(a.id(), q.members(a.id(), def, resolver(Map.of(a.id(), def))),
                LocalDateTime.ofInstant(at, ZoneOffset.UTC));
        exec(w, m.clearStage());
        exec(w, m.stage());
        long entered = count(w, m.countEntered());
        long exited = count(w, m.countExited());
        exec(w, m.deleteLeft());
        exec(w, m.insertNew());
        exec(w, m.clearStageAfter());
        long size = count(w, m.size());
        AudienceRun run = new AudienceRun(runId, a.id(), a.version(), size, entered, exited, at);
        repository.recordRun(run);
        repository.recordLastRun(a.id(), new Audience.LastRun(runId, Audience.LastRun.OK, size, null, clock.instant()));
        return run;
    }

    /**
     * Records why an audience's run failed and returns that: a definition problem in its own words, with
     * pointers; a warehouse failure or a bug only as an error id, since listings show it to every reader
     * (the statement and the engine's message go to the log under that id).
     */
    private String recordFailure(String audienceId, String runId, RuntimeException e) {
        String error;
        if (e instanceof ApiException api) {
            String details = api.details().stream().map(d -> d.path() + ": " + d.problem())
                    .filter(d -> !api.getMessage().contains(d)).collect(Collectors.joining("; "));
            error = api.getMessage() + (details.isEmpty() ? "" : ": " + details);
        } else if (e instanceof WeftException && !(e instanceof WarehouseException)) {
            error = e.getMessage();
        } else {
            String errorId = UUID.randomUUID().toString();
            LOG.error("error id {}: materializing audience '{}' failed", errorId, audienceId, e);
            error = (e instanceof WarehouseException ? "the warehouse failed to materialize it" : "internal error")
                    + " (error id " + errorId + "); the log has the details";
        }
        repository.recordLastRun(audienceId, new Audience.LastRun(runId, Audience.LastRun.FAILED, null, error, clock.instant()));
        return error;
    }

    private static void ensureTables(Warehouse w) {
        if (!w.tableExists(AudienceQueries.MEMBERS_TABLE)) {
            w.createTable(AudienceQueries.MEMBERS_TABLE, List.of(Column.of("audience_id", ColumnType.VARCHAR),
                    Column.of("profile_id", ColumnType.VARCHAR), Column.of("split_group", ColumnType.VARCHAR),
                    Column.of("computed_at", ColumnType.TIMESTAMP)), false);
        }
        if (!w.tableExists(AudienceQueries.STAGING_TABLE)) {
            w.createTable(AudienceQueries.STAGING_TABLE, List.of(Column.of("audience_id", ColumnType.VARCHAR),
                    Column.of("profile_id", ColumnType.VARCHAR), Column.of("split_group", ColumnType.VARCHAR)), false);
        }
    }

    private static void exec(Warehouse w, AudienceQueries.Rendered r) {
        w.execute(r.sql(), r.binds().toArray());
    }

    private static long count(Warehouse w, AudienceQueries.Rendered r) {
        return w.queryLong(r.sql(), r.binds().toArray()).orElse(0L);
    }

    // -- request helpers ------------------------------------------------------------------------

    private static void allowOnly(JsonNode node, String at, Set<String> allowed) {
        List<ApiException.Detail> errors = new ArrayList<>();
        node.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                errors.add(new ApiException.Detail(at + "/" + DefinitionParser.escape(f), "unknown field; allowed here: "
                        + allowed.stream().sorted().collect(Collectors.joining(", "))));
            }
        });
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("the request has unknown fields", errors);
        }
    }

    private static String text(JsonNode node, String at) {
        if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > 200) {
            throw ApiException.badRequest("invalid field", List.of(new ApiException.Detail(at, "must be an audience ID (a non-empty string)")));
        }
        return node.asText();
    }
}
