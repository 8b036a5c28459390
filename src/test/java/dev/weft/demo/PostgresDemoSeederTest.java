package dev.weft.demo;

import dev.weft.testing.TestPostgres;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.postgres.PostgresWarehouse;
import org.junit.jupiter.api.AfterEach;

class PostgresDemoSeederTest extends DemoSeederContract {

    private String schema;

    @Override
    protected Warehouse openEmptyWarehouse() {
        schema = TestPostgres.freshSchema("seed");
        return new PostgresWarehouse(TestPostgres.warehouseConfig("pg", schema));
    }

    @AfterEach
    void dropSchema() {
        TestPostgres.dropSchema(schema);
    }
}
