package dev.weft.audiences;

import dev.weft.testing.TestPostgres;
import dev.weft.warehouse.WarehouseConfig;

import java.nio.file.Path;

class PostgresAudienceMembershipsTest extends AudienceMembershipsContract {

    private String schemaName;

    @Override
    protected WarehouseConfig config(String name, Path dir) {
        schemaName = TestPostgres.freshSchema("members");
        return TestPostgres.warehouseConfig(name, schemaName);
    }

    @Override
    protected void dropWarehouse() {
        TestPostgres.dropSchema(schemaName);
    }
}
