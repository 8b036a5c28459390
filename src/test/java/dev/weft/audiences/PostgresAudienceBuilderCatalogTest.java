package dev.weft.audiences;

import dev.weft.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;

import java.util.Map;

/** The builders' catalog over the demo's data on a Postgres warehouse (a schema per test). */
class PostgresAudienceBuilderCatalogTest extends AudienceBuilderCatalogContract {

    private String schema;

    @Override
    protected Map<String, Object> warehouseProperties() {
        schema = TestPostgres.freshSchema("catalog");
        return Map.of("weft.warehouse", "pg", "weft.warehouses.pg.type", "postgres",
                "weft.warehouses.pg.url", TestPostgres.url(), "weft.warehouses.pg.schema", schema);
    }

    @AfterEach
    void dropSchema() {
        TestPostgres.dropSchema(schema);
    }
}
