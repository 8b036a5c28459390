package dev.weft.pipeline;

import java.util.Map;

/** The pipeline on the workspace's embedded DuckDB. */
class DuckDbPipelineTest extends PipelineContract {

    @Override
    protected Map<String, Object> warehouseProperties() {
        return Map.of();
    }
}
