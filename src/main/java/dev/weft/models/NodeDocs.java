package dev.weft.models;

import java.util.Map;

/**
 * What a schema file says of a model, seed, snapshot or source table: its {@code description} (null without one)
 * and the columns it declares, in file order, each with its description (null without one).
 */
public record NodeDocs(String description, Map<String, String> columns) {

    static final NodeDocs NONE = new NodeDocs(null, Map.of());

    static String modelKey(String name) {
        return "model:" + name;
    }

    static String sourceKey(String sourceTable) {
        return "source:" + sourceTable;
    }
}
