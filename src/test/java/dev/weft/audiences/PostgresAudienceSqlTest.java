package dev.weft.audiences;

import dev.weft.testing.TestPostgres;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.postgres.PostgresWarehouse;

class PostgresAudienceSqlTest extends AudienceSqlContract {

    private String schemaName;

    @Override
    protected Warehouse openWarehouse() {
        schemaName = TestPostgres.freshSchema("aud");
        return new PostgresWarehouse(TestPostgres.warehouseConfig("pgaud", schemaName));
    }

    @Override
    protected void closeWarehouse() {
        super.closeWarehouse();
        TestPostgres.dropSchema(schemaName);
    }
}
