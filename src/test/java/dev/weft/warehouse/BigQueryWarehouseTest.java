package dev.weft.warehouse;

import dev.weft.testing.TestBigQuery;
import org.junit.jupiter.api.AfterEach;

/** The contract against real BigQuery; skipped (naming the variables) unless the credentials and project are set. */
class BigQueryWarehouseTest extends WarehouseContract {

    private WarehouseConfig config;

    @Override
    protected Warehouse openEmptyWarehouse() {
        config = TestBigQuery.freshDataset("bqtest", "wh");
        return new BigQueryWarehouse(config);
    }

    @AfterEach
    void dropDataset() {
        TestBigQuery.dropDataset(config);
    }
}
