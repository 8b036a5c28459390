package dev.weft.models;

import dev.weft.testing.TestPostgres;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.postgres.PostgresWarehouse;
import org.junit.jupiter.api.AfterEach;

class PostgresSourceFreshnessTest extends SourceFreshnessContract {

    private String schema;

    @Override
    protected Warehouse openEmptyWarehouse() {
        schema = TestPostgres.freshSchema("freshness");
        return new PostgresWarehouse(TestPostgres.warehouseConfig("pgtest", schema));
    }

    @AfterEach
    void dropSchema() {
        TestPostgres.dropSchema(schema);
    }
}
