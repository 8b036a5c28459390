package dev.weft.syncs;

import dev.weft.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;

import java.util.Map;

/** A merge reaching a mirror sync with every step on a Postgres warehouse (a schema per test). */
class PostgresProfileMergeSyncTest extends ProfileMergeSyncContract {

    private String schema;

    @Override
    protected Map<String, Object> warehouseProperties() {
        schema = TestPostgres.freshSchema("merge");
        return Map.of("weft.warehouse", "pg", "weft.warehouses.pg.type", "postgres",
                "weft.warehouses.pg.url", TestPostgres.url(), "weft.warehouses.pg.schema", schema);
    }

    @AfterEach
    void dropSchema() {
        TestPostgres.dropSchema(schema);
    }
}
