package dev.weft.identity;

import dev.weft.testing.TestPostgres;
import dev.weft.warehouse.WarehouseConfig;
import org.junit.jupiter.api.AfterEach;

import java.nio.file.Path;

class PostgresIdentityPatternCheckTest extends IdentityPatternCheckContract {

    private String schema;

    @Override
    protected WarehouseConfig warehouseConfig(Path dir) {
        schema = TestPostgres.freshSchema("idpat");
        return TestPostgres.warehouseConfig("pgidpat", schema);
    }

    @AfterEach
    void dropSchema() {
        TestPostgres.dropSchema(schema);
    }
}
