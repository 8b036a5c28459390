package dev.weft.destinations;

/** How a sync treats the destination. */
public enum SyncMode {
    /** Add new records and update changed ones. */
    UPSERT,
    /** Only update records the destination already has. */
    UPDATE,
    /** Only add records; never update. */
    INSERT,
    /** Add, update and remove, so the destination equals the source (removes only what Weft sent). */
    MIRROR
}
