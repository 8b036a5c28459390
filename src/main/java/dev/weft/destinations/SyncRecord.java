package dev.weft.destinations;

import java.util.Map;
import java.util.Objects;

/**
 * One record to deliver: its key (stable per source row), what happened to it, and its mapped fields
 * (destination field name to value, after transforms). REMOVE records carry the fields last sent.
 */
public record SyncRecord(String key, Operation operation, Map<String, Object> fields) {

    public SyncRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operation, "operation");
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }
}
