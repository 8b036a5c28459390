package dev.weft.destinations;

import java.util.Map;
import java.util.Objects;

/**
 * One record to deliver: its key (stable per source row), what happened to it, its mapped fields
 * (destination field name to value, after transforms; REMOVE records carry the fields last sent), and
 * its idempotency key: the same in every send of this change, whichever run sends it, so a receiver
 * can recognise a record it already applied. Records built outside a delivery (samples, error
 * reports, tests) have none (null).
 */
public record SyncRecord(String key, Operation operation, Map<String, Object> fields, String idempotencyKey) {

    public SyncRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operation, "operation");
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    /** A record without an idempotency key. */
    public SyncRecord(String key, Operation operation, Map<String, Object> fields) {
        this(key, operation, fields, null);
    }
}
