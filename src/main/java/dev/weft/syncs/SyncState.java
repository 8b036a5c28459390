package dev.weft.syncs;

import dev.weft.destinations.Operation;
import dev.weft.destinations.SyncRecord;
import dev.weft.warehouse.WarehouseNames;

import java.util.List;

/**
 * Where a sync's state lives and what its idempotency keys are made of, as {@link SyncStates} records
 * it: the state table (named from the sync id and its target), the target's fingerprint, and the
 * epoch, which changes only after a run in which the destination settled every planned record.
 */
public record SyncState(String syncId, String target, String stateTable, String epoch) {

    /** Hex digits of a key: 128 bits. */
    private static final int KEY_LENGTH = 32;

    /**
     * The idempotency key of one change: the same in every send of it (retries, and re-sends by later
     * runs after a crash or a failed batch) until the epoch changes, different for any other sync,
     * target, record, operation or content.
     */
    public String idempotencyKey(String recordKey, Operation operation, long payloadHash) {
        StringBuilder text = new StringBuilder();
        for (String part : List.of(syncId, target, epoch, recordKey, operation.name(), Long.toString(payloadHash))) {
            text.append(part.length()).append(':').append(part); // length-prefixed: no two lists make one text
        }
        return WarehouseNames.sha256Hex(text.toString()).substring(0, KEY_LENGTH);
    }

    /** A batch's key, from its records' keys in order: the same changes in the same order make the same key. */
    public static String batchKey(List<SyncRecord> records) {
        StringBuilder keys = new StringBuilder(records.size() * (KEY_LENGTH + 1));
        for (SyncRecord r : records) {
            keys.append(r.idempotencyKey()).append(',');
        }
        return WarehouseNames.sha256Hex(keys.toString()).substring(0, KEY_LENGTH);
    }
}
