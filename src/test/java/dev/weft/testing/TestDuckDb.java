package dev.weft.testing;

import dev.weft.warehouse.WarehouseConfig;
import dev.weft.warehouse.duckdb.DuckDbWarehouse;

import java.nio.file.Path;

/** DuckDB warehouses for tests: a file in a JUnit temp folder, so every test starts empty. */
public final class TestDuckDb {

    private TestDuckDb() {
    }

    public static WarehouseConfig config(String name, Path dir) {
        return new WarehouseConfig(name, "duckdb", dir.resolve(name + ".duckdb").toString(), "2GB", null,
                null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** A new, empty warehouse file in {@code dir}. */
    public static DuckDbWarehouse open(Path dir) {
        return DuckDbWarehouse.create(config("test", dir), dir);
    }

    /**
     * Makes the empty embedded warehouse of a workspace at {@code path} (relative to it; null for the default
     * {@code .weft/warehouse.duckdb}), as {@code weft warehouse init} does, for tests that start the application there.
     */
    public static void init(Path workspace, String path) {
        DuckDbWarehouse.create(new WarehouseConfig("local", "duckdb", path, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null), workspace).close();
    }
}
