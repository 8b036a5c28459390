package dev.weft.identity;

import dev.weft.testing.TestPostgres;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.postgres.PostgresWarehouse;
import org.junit.jupiter.api.AfterEach;

class PostgresIdentityPhoneTest extends IdentityPhoneContract {

    private String schema;

    @Override
    protected Warehouse openEmptyWarehouse() {
        schema = TestPostgres.freshSchema("idphone");
        return new PostgresWarehouse(TestPostgres.warehouseConfig("pgidphone", schema));
    }

    @AfterEach
    void dropSchema() {
        TestPostgres.dropSchema(schema);
    }
}
