package dev.weft.audiences;

import dev.weft.testing.TestDuckDb;
import dev.weft.warehouse.WarehouseConfig;

import java.nio.file.Path;

class DuckDbAudienceMembershipsTest extends AudienceMembershipsContract {

    @Override
    protected WarehouseConfig config(String name, Path dir) {
        TestDuckDb.init(dir, name + ".duckdb");
        return TestDuckDb.config(name, dir);
    }
}
