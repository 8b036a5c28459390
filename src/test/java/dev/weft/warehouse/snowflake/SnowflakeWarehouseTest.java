package dev.weft.warehouse.snowflake;

import dev.weft.testing.TestSnowflake;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseConfig;
import dev.weft.warehouse.WarehouseContract;
import org.junit.jupiter.api.AfterEach;

/** The contract against a real Snowflake; skipped (naming the variables) unless WEFT_SNOWFLAKE_* are set. */
class SnowflakeWarehouseTest extends WarehouseContract {

    private WarehouseConfig config;

    @Override
    protected Warehouse openEmptyWarehouse() {
        config = TestSnowflake.freshSchema("sftest", "wh");
        return new SnowflakeWarehouse(config);
    }

    @AfterEach
    void dropSchema() {
        TestSnowflake.dropSchema(config);
    }
}
