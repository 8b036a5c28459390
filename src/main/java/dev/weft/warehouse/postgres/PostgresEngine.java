package dev.weft.warehouse.postgres;

import dev.weft.Workspace;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseConfig;
import dev.weft.warehouse.WarehouseEngine;

import java.util.List;

/** {@code type: postgres}: PostgreSQL 15+ through JDBC. */
public final class PostgresEngine implements WarehouseEngine {

    @Override
    public List<RequiredKey> requiredKeys() {
        return List.of(new RequiredKey("url", WarehouseConfig::url, "jdbc:postgresql://host:5432/db"));
    }

    @Override
    public Dialect dialect() {
        return new PostgresDialect();
    }

    @Override
    public Warehouse open(WarehouseConfig config, Workspace workspace) {
        return new PostgresWarehouse(config);
    }
}
