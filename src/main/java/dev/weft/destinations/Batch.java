package dev.weft.destinations;

import java.util.List;

/**
 * Records sent in one call. {@code idempotencyKey} is stable across retries of the same batch, so a
 * vendor (or webhook receiver) can drop a duplicate delivery.
 */
public record Batch(String syncId, String runId, SyncMode mode, String idempotencyKey, List<SyncRecord> records) {

    public Batch {
        records = List.copyOf(records);
    }
}
