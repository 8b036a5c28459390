package dev.weft.identity;

import dev.weft.testing.TestDuckDb;
import dev.weft.warehouse.WarehouseConfig;

import java.nio.file.Path;

class DuckDbIdentityPatternCheckTest extends IdentityPatternCheckContract {

    @Override
    protected WarehouseConfig warehouseConfig(Path dir) {
        return TestDuckDb.config("local", dir);
    }
}
