package dev.weft.syncs;

import java.util.Map;

/** A merge reaching a mirror sync on the workspace's embedded DuckDB. */
class DuckDbProfileMergeSyncTest extends ProfileMergeSyncContract {

    @Override
    protected Map<String, Object> warehouseProperties() {
        return Map.of();
    }
}
