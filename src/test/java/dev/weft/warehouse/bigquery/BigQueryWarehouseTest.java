package dev.weft.warehouse.bigquery;

import dev.weft.testing.TestBigQuery;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseConfig;
import dev.weft.warehouse.WarehouseContract;
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
