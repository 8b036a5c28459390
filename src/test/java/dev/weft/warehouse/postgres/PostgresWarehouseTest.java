package dev.weft.warehouse.postgres;

import dev.weft.testing.TestPostgres;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseContract;
import dev.weft.warehouse.WarehouseTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresWarehouseTest extends WarehouseContract {

    private String schema;

    @Override
    protected Warehouse openEmptyWarehouse() {
        schema = TestPostgres.freshSchema("wh");
        return new PostgresWarehouse(TestPostgres.warehouseConfig("pgtest", schema));
    }

    @AfterEach
    void dropSchema() {
        TestPostgres.dropSchema(schema);
    }

    @Override
    protected String slowQuery() {
        return "SELECT count(*) FROM generate_series(1, 1000000) a, generate_series(1, 1000000) b WHERE a + b < 0";
    }

    @Test
    void aStoppedQueryNoLongerRunsInTheServer() {
        String marker = "weft_slow_" + java.util.UUID.randomUUID().toString().replace("-", "");
        String slow = "SELECT count(*) AS " + marker + " FROM generate_series(1, 1000000) a, generate_series(1, 1000000) b WHERE a + b < 0";
        assertThatThrownBy(() -> warehouse.withQueryTimeout(Duration.ofSeconds(1)).query(slow, List.of(), r -> { }))
                .isInstanceOf(WarehouseTimeoutException.class);
        assertThat(warehouse.queryLong("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE ?"
                + " AND pid <> pg_backend_pid()", "%" + marker + "%")).contains(0L);
    }
}
