package dev.weft.warehouse.duckdb;

import dev.weft.testing.TestDuckDb;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class DuckDbWarehouseTest extends WarehouseContract {

    @TempDir
    Path dir;

    @Override
    protected Warehouse openEmptyWarehouse() {
        return TestDuckDb.open(dir);
    }

    @Override
    protected String slowQuery() {
        return "SELECT count(*) FROM range(1000000) a, range(1000000) b WHERE a.range + b.range < 0";
    }
}
