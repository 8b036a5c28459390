package dev.weft.audiences;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.SqlTemplates;
import dev.weft.warehouse.TableInfo;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.Warehouses;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an audience can be built from, for clients that offer choices instead of free text: the traits
 * model's columns with their types and a few sample values, each event with the properties a filter may
 * name, the events model's numeric columns an aggregate may sum, and the audiences a membership condition
 * may refer to, with their split groups. Read from the same catalogue audiences are
 * checked against ({@link AudienceSchemaCache}); samples come from a bounded slice of each table
 * ({@code sql/audiences/catalog.sql}), so asking costs the same on ten thousand rows as on ten million.
 */
@Singleton
public class AudienceBuilderCatalog {

    /** Rows read per sampling statement: the first the engine yields. */
    static final int SCAN_ROWS = 10_000;
    /** Distinct values shown per traits column. */
    static final int SAMPLE_VALUES = 5;
    /** Columns of the events model a property filter cannot name (AudienceSchema's keys and the JSON column). */
    private static final Set<String> NOT_PROPERTIES = Set.of(AudienceSchema.PROFILE_ID, AudienceSchema.EVENT_NAME,
            AudienceSchema.PROPERTIES);

    /**
     * Whether the catalog offers a column: not one whose name starts with an underscore, the convention for a
     * model's bookkeeping (such as {@code _profile_updated_at}, which incremental models over identity keep).
     */
    private static boolean offered(TableInfo.ColumnInfo c) {
        return offered(c.name());
    }

    static boolean offered(String column) {
        return !column.startsWith("_");
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Catalog(List<Trait> traits, List<Event> events, List<AudienceChoice> audiences,
                          List<MembershipOperator> membershipOperators, List<String> aggregateProperties) {
    }

    /**
     * A traits column: its neutral type (lower case, as {@code ColumnType}) and up to 5 distinct non-null values
     * seen in the sample, smallest first (none for JSON columns, which no condition compares).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Trait(String column, String type, List<Object> sampleValues) {
    }

    /** An event name and the properties an event condition's {@code where} may filter on. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Event(String name, List<Property> properties) {
    }

    /**
     * A property: a column of the events model (every event has it), or a key seen in the event's JSON
     * properties, typed as a filter compares it (declared or inferred: double, boolean, timestamp, else varchar).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Property(String name, String type) {
    }

    /**
     * An audience a membership condition may name: its size at its latest successful run, when it has one, and the
     * groups of its split, when it has one, one of which the condition's {@code group} may name.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AudienceChoice(String id, String name, @Nullable Long size, @Nullable List<String> splitGroups) {
    }

    /**
     * An operator of a membership condition ({@code "type": "audience"}), the fields it takes besides
     * {@code audience}, the one it cannot do without (null: none) and what it selects.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MembershipOperator(String operator, List<String> fields, @Nullable String requires, String meaning) {
    }

    /** Every membership operator, the history ones reading the audiences' membership history. */
    static final List<MembershipOperator> MEMBERSHIP_OPERATORS = List.of(
            new MembershipOperator("in", List.of("group", "for_at_least"), null,
                    "a member now (of one split group; or, with for_at_least {amount, unit}, a member for at least that long)"),
            new MembershipOperator("not_in", List.of("group", "for_at_least"), null, "the opposite of in"),
            new MembershipOperator("joined", List.of("window"), "window",
                    "entered the audience within the window ({last: {amount, unit}} or {between: {from, to}})"),
            new MembershipOperator("left", List.of("window"), "window", "left the audience within the window"));

    private final AudienceSchemaCache schemas;
    private final AudienceCatalogue audiences;
    private final Warehouses warehouses;
    /**
     * The samples of the catalogue as last read: read again with it (every 30 s, or after models ran), not on every
     * call, since the web builder reads the catalog on every keystroke.
     */
    private volatile Sampled sampled;

    private record Sampled(AudienceSchema schema, List<Trait> traits, List<Event> events) {
    }

    public AudienceBuilderCatalog(AudienceSchemaCache schemas, AudienceCatalogue audiences, Warehouses warehouses) {
        this.schemas = schemas;
        this.audiences = audiences;
        this.warehouses = warehouses;
    }

    /** The catalog; without the traits or events model, an {@link AudiencesNotReadyException}. */
    public Catalog read() {
        AudienceSchema schema = schemas.schema();
        Sampled s = sampled;
        if (s == null || s.schema() != schema) {
            Warehouse warehouse = warehouses.primary();
            s = new Sampled(schema, traits(warehouse, schema.traits()), events(warehouse, schema));
            sampled = s;
        }
        return new Catalog(s.traits(), s.events(), audienceChoices(), MEMBERSHIP_OPERATORS, aggregateProperties(schema));
    }

    /** The events model's numeric columns: what an event condition's aggregate may sum, average or bound. */
    private static List<String> aggregateProperties(AudienceSchema schema) {
        return schema.events().columns().stream().filter(c -> !NOT_PROPERTIES.contains(c.name()) && offered(c))
                .filter(AudienceSchema::aggregatable)
                .map(TableInfo.ColumnInfo::name).toList();
    }

    private static List<Trait> traits(Warehouse warehouse, TableInfo traits) {
        List<Trait> out = new ArrayList<>();
        for (TableInfo.ColumnInfo c : traits.columns()) {
            if (c.name().equals(AudienceSchema.PROFILE_ID) || !offered(c)) {
                continue;
            }
            List<Object> samples = c.type() == ColumnType.JSON ? List.of() : warehouse.queryList(
                    SqlTemplates.render(warehouse.dialect(), "audiences/catalog.sql#trait_samples", Map.of("table", traits.name(),
                            "column", c.name(), "scan", SCAN_ROWS, "samples", SAMPLE_VALUES)), List.of(),
                    row -> AudiencePreviews.jsonValue(row, 0, c.type()));
            out.add(new Trait(c.name(), typeName(c.type()), samples));
        }
        return out;
    }

    private static List<Event> events(Warehouse warehouse, AudienceSchema schema) {
        List<Property> columns = schema.events().columns().stream().filter(c -> !NOT_PROPERTIES.contains(c.name()) && offered(c))
                .map(c -> new Property(c.name(), typeName(c.type()))).toList();
        Map<String, Set<String>> keys = new TreeMap<>();
        schema.propertiesColumn().ifPresent(json -> warehouse.query(SqlTemplates.render(warehouse.dialect(),
                        "audiences/catalog.sql#event_properties", Map.of("table", schema.events().name(), "properties", json.name(),
                                "scan", SCAN_ROWS)), List.of(),
                row -> keys.computeIfAbsent(row.getString(0), e -> new TreeSet<>()).add(row.getString(1))));
        List<Event> out = new ArrayList<>();
        for (String name : schema.eventNames()) {
            Map<String, Property> properties = new LinkedHashMap<>();
            columns.forEach(p -> properties.put(p.name(), p));
            // A key named like a column is shadowed by it: a filter on that name reads the column.
            keys.getOrDefault(name, Set.of()).stream().filter(k -> DefinitionParser.PROPERTY_KEY.matcher(k).matches())
                    .forEach(k -> properties.putIfAbsent(k, new Property(k, typeName(schema.propertyType(name, k)))));
            out.add(new Event(name, List.copyOf(properties.values())));
        }
        return out;
    }

    private List<AudienceChoice> audienceChoices() {
        return audiences.list().stream().filter(a -> a.invalid() == null).map(a -> new AudienceChoice(a.id(), a.name(),
                a.lastRun() != null && Audience.LastRun.OK.equals(a.lastRun().status()) ? a.lastRun().size() : null,
                splitGroups(a))).toList();
    }

    /** The names of the audience's split groups; null when it has no split. */
    private static List<String> splitGroups(Audience a) {
        List<String> names = new ArrayList<>();
        a.definition().path("split").path("groups").forEach(g -> names.add(g.path("name").asText()));
        return names.isEmpty() ? null : names;
    }

    private static String typeName(ColumnType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }
}
