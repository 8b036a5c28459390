package dev.weft.pipeline;

import java.util.Map;

/** A deletion request end to end on the workspace's embedded DuckDB. */
class DuckDbDeletionRequestTest extends DeletionRequestContract {

    @Override
    protected Map<String, Object> warehouseProperties() {
        return Map.of();
    }
}
