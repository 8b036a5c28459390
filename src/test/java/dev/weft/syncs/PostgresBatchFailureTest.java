package dev.weft.syncs;

import dev.weft.testing.TestPostgres;
import dev.weft.warehouse.WarehouseConfig;
import org.junit.jupiter.api.AfterEach;

import java.nio.file.Path;

/** Batches failing on every attempt, planned and acknowledged on Postgres (a schema per test). */
class PostgresBatchFailureTest extends BatchFailureContract {

    private String schema;

    @Override
    protected WarehouseConfig warehouse(Path dir) {
        schema = TestPostgres.freshSchema("batchfail");
        return TestPostgres.warehouseConfig("local", schema);
    }

    @AfterEach
    void dropSchema() {
        TestPostgres.dropSchema(schema);
    }
}
