package dev.weft.audiences;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.definitions.Problem;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Row;
import dev.weft.warehouse.TableInfo;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.Warehouses;
import jakarta.inject.Singleton;
import org.jooq.Select;

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

/**
 * What a definition would select, asked on demand: a preview (count, split counts, a sample, the SQL),
 * the overlap of saved audiences, and the diff a changed definition would make. Previews and overlaps
 * run on the interactive warehouse, with its time limit.
 */
@Singleton
public class AudiencePreviews {

    static final int MAX_SAMPLE = 100;

    private final Warehouses warehouses;
    private final AudienceCatalogue catalogue;
    private final AudienceSchemaCache schemas;
    private final AudienceRepository repository;

    public AudiencePreviews(Warehouses warehouses, AudienceCatalogue catalogue, AudienceSchemaCache schemas,
                            AudienceRepository repository) {
        this.warehouses = warehouses;
        this.catalogue = catalogue;
        this.schemas = schemas;
        this.repository = repository;
    }

    /** {@code asOf}: where relative windows ended (the clock's now, a given instant, or the latest event). */
    public record Preview(long count, Map<String, Long> splitCounts, List<Map<String, Object>> sample, String sql,
                          List<Object> binds, Instant asOf) {
    }

    /**
     * Body: {@code {"definition": {...}}} for an unsaved definition, or {@code {"audience": "id"}} for a
     * saved one (both: the definition, split as that audience would be); optional
     * {@code "sample": {"size": 10, "traits": ["email", ...]}}; optional {@code "as_of"}: where relative
     * windows end, {@code latest_event} or an ISO-8601 instant (default: the workspace's setting, else the clock).
     */
    public Preview preview(JsonNode body) {
        allowOnly(body, "", Set.of("definition", "audience", "sample", "as_of"));
        AsOf asOf = body.hasNonNull("as_of") ? asOf(body.get("as_of"), "/as_of") : null;
        String id = body.hasNonNull("audience") ? text(body.get("audience"), "/audience") : null;
        AudienceDefinition def;
        if (body.hasNonNull("definition")) {
            def = catalogue.validate(body.get("definition"), "/definition", false);
        } else if (id != null) {
            def = catalogue.definitionOf(catalogue.existing(id));
        } else {
            throw new InvalidAudienceException("nothing to preview", List.of(new Problem("/definition",
                    "is required (or name a saved audience in /audience)")));
        }
        int size = 10;
        List<String> traits = schemas.schema().traitColumns().stream().filter(c -> !c.equals(AudienceSchema.PROFILE_ID)).toList();
        JsonNode sample = body.get("sample");
        if (sample != null && !sample.isNull()) {
            if (!sample.isObject()) {
                throw new InvalidAudienceException("invalid sample", List.of(new Problem("/sample", "must be a JSON object")));
            }
            allowOnly(sample, "/sample", Set.of("size", "traits"));
            if (sample.has("size")) {
                JsonNode n = sample.get("size");
                if (!n.isIntegralNumber() || n.asLong() < 0 || n.asLong() > MAX_SAMPLE) {
                    throw new InvalidAudienceException("invalid sample size", List.of(new Problem("/sample/size",
                            "must be a whole number from 0 to " + MAX_SAMPLE)));
                }
                size = n.asInt();
            }
            if (sample.has("traits")) {
                traits = sampleTraits(sample.get("traits"));
            }
        }
        String audienceId = id == null ? "preview" : id;
        Warehouse w = warehouses.interactive();
        AudienceQueries q = catalogue.queries(asOf, w);
        Select<?> members = catalogue.members(q, audienceId, def);
        AudienceQueries.Rendered pass = q.render(q.preview(members, size));
        Map<String, Long> groups = new TreeMap<>();
        long[] total = {0};
        List<String[]> sampled = new ArrayList<>();
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
        List<Map<String, Object>> rows = withTraits(q, w, sampled, traits);
        AudienceQueries.Rendered sql = q.render(members);
        return new Preview(total[0], def.split() == null ? null : groups, rows, sql.sql(), sql.binds().stream().map(AudiencePreviews::shown).toList(), q.asOf());
    }

    /** Each sampled {@code (profile_id, split_group or null)} with the chosen traits' values, in the order given. */
    private List<Map<String, Object>> withTraits(AudienceQueries q, Warehouse w, List<String[]> sampled, List<String> traits) {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (sampled.isEmpty()) {
            return rows;
        }
        Map<String, Map<String, Object>> traitsById = new java.util.HashMap<>();
        if (!traits.isEmpty()) {
            AudienceQueries.Rendered t = q.render(q.traitsOf(sampled.stream().map(x -> x[0]).toList(), traits));
            w.query(t.sql(), t.binds(), row -> traitsById.put(row.getString(0), traitValues(row, traits)));
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
        return rows;
    }

    private List<String> sampleTraits(JsonNode node) {
        if (!node.isArray() || node.size() > 50) {
            throw new InvalidAudienceException("invalid sample traits", List.of(new Problem("/sample/traits",
                    "must be an array of at most 50 column names")));
        }
        List<String> out = new ArrayList<>();
        List<Problem> errors = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String name = node.get(i).isTextual() ? node.get(i).asText() : null;
            Optional<TableInfo.ColumnInfo> c = name == null ? Optional.empty() : schemas.schema().traits().column(name);
            if (c.isEmpty() || c.get().name().equals(AudienceSchema.PROFILE_ID)) {
                errors.add(new Problem("/sample/traits/" + i, "no column '" + node.get(i).asText()
                        + "' in the traits model " + schemas.schema().traits().name()));
            } else {
                out.add(c.get().name());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidAudienceException("invalid sample traits", errors);
        }
        return new ArrayList<>(new LinkedHashSet<>(out));
    }

    /** Trait values of one row (column 0 is profile_id) as JSON-friendly values. */
    /**
     * A profile's traits: its row of the traits model, the columns the builder's catalog offers, in the model's order
     * (a null value kept as null); empty when the model has no row for it. Read under the time limit for interactive
     * queries. Without the traits model, an {@link AudiencesNotReadyException}.
     */
    public Optional<Map<String, Object>> traitsOf(String profileId) {
        AudienceSchema schema = schemas.schema();
        List<String> columns = schema.traits().columns().stream().map(TableInfo.ColumnInfo::name)
                .filter(c -> !c.equalsIgnoreCase(AudienceSchema.PROFILE_ID) && AudienceBuilderCatalog.offered(c)).toList();
        Warehouse w = warehouses.interactive();
        // A lookup of trait values measures no time window: any reference time serves.
        AudienceQueries q = new AudienceQueries(w.dialect(), schema, LocalDateTime.MIN);
        AudienceQueries.Rendered t = q.render(q.traitsOf(List.of(profileId), columns));
        return w.queryList(t.sql(), t.binds(), row -> traitValues(row, columns)).stream().findFirst();
    }

    private Map<String, Object> traitValues(Row row, List<String> traits) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < traits.size(); i++) {
            ColumnType type = schemas.schema().traits().column(traits.get(i)).orElseThrow().type();
            out.put(traits.get(i), jsonValue(row, i + 1, type));
        }
        return out;
    }

    /** A value of a column of {@code type} as JSON shows it: numbers and booleans as such, times as ISO-8601 UTC text. */
    static Object jsonValue(Row row, int c, ColumnType type) {
        return switch (type) {
            case BIGINT, INTEGER -> row.getLong(c);
            case DOUBLE -> row.getDouble(c);
            case BOOLEAN -> row.getBoolean(c);
            case TIMESTAMP -> row.getInstant(c) == null ? null : row.getInstant(c).toString();
            case DATE -> row.getDate(c) == null ? null : row.getDate(c).toString();
            default -> row.getString(c);
        };
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
            throw new InvalidAudienceException("overlap needs 2 to 10 audiences", List.of(new Problem("/audiences",
                    "must be an array of 2 to 10 audience IDs")));
        }
        List<String> list = new ArrayList<>();
        List<Problem> errors = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i).isTextual() ? ids.get(i).asText() : null;
            if (id == null || list.contains(id)) {
                errors.add(new Problem("/audiences/" + i, id == null ? "must be an audience ID (a string)" : "'" + id + "' is listed twice"));
            } else if (catalogue.find(id).isEmpty()) {
                errors.add(new Problem("/audiences/" + i, "no audience with id '" + id + "'"));
            }
            list.add(id);
        }
        if (!errors.isEmpty()) {
            throw new InvalidAudienceException("invalid audience list", errors);
        }
        List<AudienceDefinition> defs = list.stream().map(id -> catalogue.definitionOf(catalogue.existing(id))).toList();
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
        AudienceQueries q = catalogue.queries();
        List<Select<?>> selects = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            selects.add(catalogue.members(q, ids.get(i), defs.get(i)));
        }
        AudienceQueries.Rendered sql = q.render(q.overlap(selects));
        Map<Long, Long> masks = new TreeMap<>();
        warehouses.interactive().query(sql.sql(), sql.binds(), row -> masks.put(row.getLong(0), row.getLong(1)));
        return masks;
    }

    /** {@code joiningSample} and {@code leavingSample}: the first profiles by ID of each, with the traits asked for. */
    public record Diff(String audienceId, boolean exists, long sizeBefore, long sizeAfter, long entering, long leaving,
                       List<Map<String, Object>> joiningSample, List<Map<String, Object>> leavingSample) {
    }

    /**
     * What replacing audience {@code id}'s definition with {@code definition} would do, computed now, with up to
     * {@code sampleSize} of the profiles that would join and of those that would leave (with the {@code traits}
     * columns of the traits model, already checked by the caller). "Before" is what the audience is now: its
     * members as last materialized (what syncs see) or, never materialized, its definition made through the API;
     * otherwise the audience is new. (A file under review in audiences/ is the "after", so it cannot also be the "before".)
     */
    public Diff diff(String id, JsonNode definition, int sampleSize, List<String> traits) {
        AudienceDefinition after = catalogue.validate(definition, "", false);
        AudienceQueries q = catalogue.queries();
        Select<?> afterMembers = catalogue.members(q, id, after);
        Select<?> before = null;
        if (!repository.history(id, 1).isEmpty() && warehouses.primary().tableExists(AudienceQueries.MEMBERS_TABLE)) {
            before = q.materializedMembers(id);
        } else {
            Optional<Audience> stored = repository.find(id);
            if (stored.isPresent()) {
                before = q.members(id, catalogue.definitionOf(stored.get()), catalogue.resolver(Map.of()));
            }
        }
        Warehouse w = warehouses.primary();
        AudienceQueries.Rendered sql = q.render(q.diff(before, afterMembers, sampleSize));
        Map<Long, Long> masks = new TreeMap<>();
        List<String[]> joining = new ArrayList<>();
        List<String[]> leaving = new ArrayList<>();
        w.query(sql.sql(), sql.binds(), row -> {
            if (row.getLong(0) == 1) {
                masks.put(row.getLong(1), row.getLong(3));
            } else {
                (row.getLong(1) == 2 ? joining : leaving).add(new String[]{row.getString(2), null});
            }
        });
        joining.sort(java.util.Comparator.comparing(x -> x[0]));
        leaving.sort(java.util.Comparator.comparing(x -> x[0]));
        long left = masks.getOrDefault(1L, 0L);
        long entering = masks.getOrDefault(2L, 0L);
        long both = masks.getOrDefault(3L, 0L);
        return new Diff(id, before != null, left + both, entering + both, entering, left,
                withTraits(q, w, joining, traits), withTraits(q, w, leaving, traits));
    }

    // -- request helpers ------------------------------------------------------------------------

    private static void allowOnly(JsonNode node, String at, Set<String> allowed) {
        List<Problem> errors = DefinitionParser.unknownFields(node, at, allowed);
        if (!errors.isEmpty()) {
            throw new InvalidAudienceException("the request has unknown fields", errors);
        }
    }

    /** An {@code as_of} field: {@code latest_event} or an ISO-8601 instant. */
    public static AsOf asOf(JsonNode node, String at) {
        if (!node.isTextual()) {
            throw new InvalidAudienceException("invalid as_of", List.of(new Problem(at,
                    "must be latest_event or an ISO-8601 instant such as 2026-01-05T00:00:00Z (a string)")));
        }
        return AsOf.parse(node.asText(), at);
    }

    private static String text(JsonNode node, String at) {
        if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > 200) {
            throw new InvalidAudienceException("invalid field", List.of(new Problem(at, "must be an audience ID (a non-empty string)")));
        }
        return node.asText();
    }
}
