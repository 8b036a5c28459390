package dev.weft.warehouse;

import dev.weft.testing.TestDuckDb;
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
