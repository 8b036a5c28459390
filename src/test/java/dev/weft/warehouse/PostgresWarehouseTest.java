package dev.weft.warehouse;

import dev.weft.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;

class PostgresWarehouseTest extends WarehouseContract {

    private String schema;

    @Override
    protected Warehouse openEmptyWarehouse() {
        schema = TestPostgres.freshSchema("wh");
        return new PostgresWarehouse(TestPostgres.warehouseConfig("pgtest", schema));
    }

    @AfterEach
    void dropSchema() {
        TestPostgres.dropSchema(schema);
    }
}
