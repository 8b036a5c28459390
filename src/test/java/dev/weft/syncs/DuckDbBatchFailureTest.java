package dev.weft.syncs;

import dev.weft.testing.TestDuckDb;
import dev.weft.warehouse.WarehouseConfig;

import java.nio.file.Path;

/** Batches failing on every attempt, planned and acknowledged on DuckDB. */
class DuckDbBatchFailureTest extends BatchFailureContract {

    @Override
    protected WarehouseConfig warehouse(Path dir) {
        return TestDuckDb.config("local", dir);
    }
}
