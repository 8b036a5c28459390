package dev.weft.pipeline;

import dev.weft.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;

import java.util.Map;

/** A deletion request end to end on a Postgres warehouse (a schema per test). */
class PostgresDeletionRequestTest extends DeletionRequestContract {

    private String schema;

    @Override
    protected Map<String, Object> warehouseProperties() {
        schema = TestPostgres.freshSchema("forget");
        return Map.of("weft.warehouse", "pg", "weft.warehouses.pg.type", "postgres",
                "weft.warehouses.pg.url", TestPostgres.url(), "weft.warehouses.pg.schema", schema);
    }

    @AfterEach
    void dropSchema() {
        TestPostgres.dropSchema(schema);
    }
}
