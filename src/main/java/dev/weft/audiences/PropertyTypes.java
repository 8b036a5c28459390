package dev.weft.audiences;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.WeftException;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.SqlTemplates;
import dev.weft.warehouse.Warehouse;

import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The types of the keys of the events' JSON properties, per event name: declared in the workspace
 * ({@code weft.audiences.properties}, for every event) or inferred from a sample of each event's documents
 * ({@code sql/audiences/property_types.sql}). A declaration wins over what the sample suggests.
 */
final class PropertyTypes {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The names a declaration uses, and the type each compares as. */
    static final Map<String, ColumnType> DECLARABLE = declarable();

    private static Map<String, ColumnType> declarable() {
        Map<String, ColumnType> m = new LinkedHashMap<>(); // in this order in messages
        m.put("number", ColumnType.DOUBLE);
        m.put("boolean", ColumnType.BOOLEAN);
        m.put("timestamp", ColumnType.TIMESTAMP);
        m.put("string", ColumnType.VARCHAR);
        return Collections.unmodifiableMap(m);
    }

    private PropertyTypes() {
    }

    /** The name a declaration uses for a type ({@code number} for DOUBLE). */
    static String name(ColumnType type) {
        return DECLARABLE.entrySet().stream().filter(e -> e.getValue() == type).map(Map.Entry::getKey).findFirst()
                .orElse(type.name().toLowerCase(Locale.ROOT));
    }

    /** The declared types of {@code weft.audiences.properties} ({@code number|boolean|timestamp|string: [key, ...]}). */
    static Map<String, ColumnType> declared(Map<String, List<String>> declarations) {
        Map<String, ColumnType> out = new TreeMap<>();
        if (declarations == null) {
            return out;
        }
        declarations.forEach((typeName, keys) -> {
            ColumnType type = DECLARABLE.get(typeName.trim().toLowerCase(Locale.ROOT));
            if (type == null) {
                throw new WeftException("weft.audiences.properties." + typeName + " in weft.yml: '" + typeName
                        + "' is no property type: one of " + String.join(", ", DECLARABLE.keySet()));
            }
            for (String key : keys == null ? List.<String>of() : keys) {
                if (key == null || !DefinitionParser.PROPERTY_KEY.matcher(key).matches()) {
                    throw new WeftException("weft.audiences.properties." + typeName + " in weft.yml: '" + key
                            + "' is no property name (letters, digits, underscores)");
                }
                ColumnType before = out.put(key, type);
                if (before != null && before != type) {
                    throw new WeftException("weft.audiences.properties in weft.yml: '" + key + "' is declared both "
                            + name(before) + " and " + typeName);
                }
            }
        });
        return out;
    }

    /** Per event name, each key's type: inferred from a sample, then the declared ones on top. */
    static Map<String, Map<String, ColumnType>> read(Warehouse warehouse, String table, String propertiesColumn, boolean jsonTyped,
                                                     Set<String> eventNames, Map<String, ColumnType> declared) {
        String sql = SqlTemplates.render(warehouse.dialect(), "audiences/property_types.sql", Map.of("table", table,
                "properties", propertiesColumn, "json_typed", jsonTyped, "event_name", AudienceSchema.EVENT_NAME,
                "scan", AudienceSchema.PROPERTY_SCAN));
        Map<String, Map<String, ColumnType>> out = new HashMap<>();
        for (String event : eventNames) {
            Map<String, Set<ColumnType>> seen = new HashMap<>();
            for (String doc : warehouse.queryList(sql, List.of(event), row -> row.getString(0))) {
                classify(doc, seen);
            }
            Map<String, ColumnType> types = new HashMap<>();
            seen.forEach((key, kinds) -> types.put(key, kinds.size() == 1 ? kinds.iterator().next() : ColumnType.VARCHAR));
            types.putAll(declared);
            out.put(event, Map.copyOf(types));
        }
        return Map.copyOf(out);
    }

    /** Adds the kind of each top-level value of one document (JSON null adds nothing: it is unset, not a type). */
    static void classify(String doc, Map<String, Set<ColumnType>> seen) {
        JsonNode node;
        try {
            node = doc == null ? null : JSON.readTree(doc);
        } catch (JsonProcessingException e) {
            return; // text that is no JSON has no properties a filter could read
        }
        if (node == null || !node.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue;
            }
            ColumnType kind = v.isNumber() ? ColumnType.DOUBLE : v.isBoolean() ? ColumnType.BOOLEAN
                    : v.isTextual() && DefinitionParser.timestamp(v.asText()) != null ? ColumnType.TIMESTAMP : ColumnType.VARCHAR;
            seen.computeIfAbsent(e.getKey(), k -> EnumSet.noneOf(ColumnType.class)).add(kind);
        }
    }
}
