package dev.weft.identity;

import dev.weft.testing.TestPostgres;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.postgres.PostgresWarehouse;
import org.junit.jupiter.api.AfterEach;

class PostgresIdentityPipelineTest extends IdentityPipelineContract {

    private String schema;

    @Override
    protected Warehouse openEmptyWarehouse() {
        schema = TestPostgres.freshSchema("idp");
        return new PostgresWarehouse(TestPostgres.warehouseConfig("pgidp", schema));
    }

    @AfterEach
    void dropSchema() {
        TestPostgres.dropSchema(schema);
    }
}
