package dev.weft.warehouse.duckdb;

import dev.weft.Workspace;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseConfig;
import dev.weft.warehouse.WarehouseEngine;

import java.util.List;

/** {@code type: duckdb}, the embedded default: a database file in the workspace. Every key has a default. */
public final class DuckDbEngine implements WarehouseEngine {

    @Override
    public List<RequiredKey> requiredKeys() {
        return List.of();
    }

    @Override
    public Dialect dialect() {
        return new DuckDbDialect();
    }

    @Override
    public Warehouse open(WarehouseConfig config, Workspace workspace) {
        return new DuckDbWarehouse(config, workspace.root());
    }

    @Override
    public boolean embedded() {
        return true;
    }

    @Override
    public Warehouse create(WarehouseConfig config, Workspace workspace) {
        return DuckDbWarehouse.create(config, workspace.root());
    }
}
