package dev.weft.audiences;

import dev.weft.WeftException;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.TableInfo;
import dev.weft.warehouse.Warehouse;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the warehouse's catalogue says an audience may refer to: the traits model's columns, the events
 * model's columns and the event names present in it. Every identifier in compiled SQL comes from here.
 * {@code propertyTypes} types the keys of the events' JSON properties, per event name (declared in
 * {@code weft.audiences.properties} or inferred from a sample); a key it does not name is text.
 */
public record AudienceSchema(TableInfo traits, TableInfo events, Set<String> eventNames,
                             Map<String, Map<String, ColumnType>> propertyTypes) {

    public static final String PROFILE_ID = "profile_id";
    public static final String EVENT_NAME = "event_name";
    public static final String OCCURRED_AT = "occurred_at";
    public static final String PROPERTIES = "properties";

    /** Events sampled per event name to infer the types of its JSON properties. */
    static final int PROPERTY_SCAN = 500;

    /** A schema whose JSON properties are all text (tests, and catalogues read only for their names). */
    public AudienceSchema(TableInfo traits, TableInfo events, Set<String> eventNames) {
        this(traits, events, eventNames, Map.of());
    }

    /** {@link #read(Warehouse, String, String, Map)} with no declared property types. */
    public static AudienceSchema read(Warehouse warehouse, String traitsModel, String eventsModel) {
        return read(warehouse, traitsModel, eventsModel, Map.of());
    }

    /**
     * Reads the catalogue: both models must exist with the columns audiences rely on
     * (traits: profile_id; events: profile_id, event_name, occurred_at); the JSON properties' types are
     * {@code declaredProperties}, else inferred from a sample of each event.
     */
    public static AudienceSchema read(Warehouse warehouse, String traitsModel, String eventsModel,
                                      Map<String, ColumnType> declaredProperties) {
        TableInfo traits = require(warehouse, traitsModel, "weft.audiences.traits-model", Map.of(PROFILE_ID, ColumnType.VARCHAR));
        TableInfo events = require(warehouse, eventsModel, "weft.audiences.events-model",
                Map.of(PROFILE_ID, ColumnType.VARCHAR, EVENT_NAME, ColumnType.VARCHAR, OCCURRED_AT, ColumnType.TIMESTAMP));
        AudienceQueries.Rendered names = AudienceQueries.eventNames(warehouse.dialect(), events);
        Set<String> eventNames = new TreeSet<>(warehouse.queryList(names.sql(), names.binds(), row -> row.getString(0)));
        AudienceSchema untyped = new AudienceSchema(traits, events, eventNames);
        return new AudienceSchema(traits, events, eventNames, untyped.propertiesColumn()
                .map(json -> PropertyTypes.read(warehouse, events.name(), json.name(), json.type() == ColumnType.JSON, eventNames,
                        declaredProperties))
                .orElse(Map.of()));
    }

    /** The type a filter on a key of the JSON properties of an event compares as: VARCHAR unless typed. */
    ColumnType propertyType(String eventName, String key) {
        return propertyTypes.getOrDefault(eventName, Map.of()).getOrDefault(key, ColumnType.VARCHAR);
    }

    private static TableInfo require(Warehouse warehouse, String table, String key, Map<String, ColumnType> columns) {
        TableInfo info = warehouse.describeTable(table).orElseThrow(() -> new WeftException(key + " = '" + table
                + "': no such table or view in warehouse '" + warehouse.name() + "' (run the models first)"));
        for (Map.Entry<String, ColumnType> c : columns.entrySet()) {
            ColumnType type = info.column(c.getKey()).map(TableInfo.ColumnInfo::type).orElse(null);
            if (type != c.getValue()) {
                throw new WeftException(key + " = '" + table + "': needs a column " + c.getKey() + " of type "
                        + c.getValue() + (type == null ? "; it has none" : "; it is " + type) + " (columns: "
                        + info.columns().stream().map(TableInfo.ColumnInfo::name).toList() + ")");
            }
        }
        return info;
    }

    /** Whether an event condition's aggregate may sum, average or bound this events column: a numeric one. */
    static boolean aggregatable(TableInfo.ColumnInfo column) {
        return java.util.Set.of(ColumnType.BIGINT, ColumnType.INTEGER, ColumnType.DOUBLE).contains(column.type());
    }

    /** The events model's JSON column holding free-form properties, when it has one. */
    Optional<TableInfo.ColumnInfo> propertiesColumn() {
        return events.column(PROPERTIES).filter(c -> c.type() == ColumnType.JSON || c.type() == ColumnType.VARCHAR);
    }

    /** Column names of the traits model a sample may show. */
    List<String> traitColumns() {
        return traits.columns().stream().map(TableInfo.ColumnInfo::name).toList();
    }
}
