package dev.weft.pipeline;

import dev.weft.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;

import java.util.Map;

/** The pipeline on a Postgres warehouse (a schema per test). */
class PostgresPipelineTest extends PipelineContract {

    private String schema;

    @Override
    protected Map<String, Object> warehouseProperties() {
        schema = TestPostgres.freshSchema("pipeline");
        return Map.of("weft.warehouse", "pg", "weft.warehouses.pg.type", "postgres",
                "weft.warehouses.pg.url", TestPostgres.url(), "weft.warehouses.pg.schema", schema);
    }

    @AfterEach
    void dropSchema() {
        TestPostgres.dropSchema(schema);
    }
}
