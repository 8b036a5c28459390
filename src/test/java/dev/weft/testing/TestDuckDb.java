package dev.weft.testing;

import dev.weft.warehouse.DuckDbWarehouse;
import dev.weft.warehouse.WarehouseConfig;

import java.nio.file.Path;

/** DuckDB warehouses for tests: a file in a JUnit temp folder, so every test starts empty. */
public final class TestDuckDb {

    private TestDuckDb() {
    }

    public static WarehouseConfig config(String name, Path dir) {
        return new WarehouseConfig(name, "duckdb", dir.resolve(name + ".duckdb").toString(), "2GB", null,
                null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public static DuckDbWarehouse open(Path dir) {
        return new DuckDbWarehouse(config("test", dir), dir);
    }
}
