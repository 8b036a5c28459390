package dev.weft.destinations;

import java.util.List;

/**
 * Records sent in one call. {@code idempotencyKey} is derived from the records' own keys, so every
 * send of the same changes (a retry, or a re-send by a later run after a crash) carries the same key
 * and a vendor (or webhook receiver) can drop a duplicate delivery.
 */
public record Batch(String syncId, String runId, SyncMode mode, String idempotencyKey, List<SyncRecord> records) {

    public Batch {
        records = List.copyOf(records);
    }
}
