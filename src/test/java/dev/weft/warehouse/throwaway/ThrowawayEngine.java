package dev.weft.warehouse.throwaway;

import dev.weft.Workspace;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseConfig;
import dev.weft.warehouse.WarehouseEngine;

import java.util.List;

/**
 * {@code type: throwaway}: an engine that lives only in test sources, to show that an engine is self-contained (this
 * package and one line in {@code META-INF/services/dev.weft.warehouse.WarehouseEngine}). It runs on a DuckDB file
 * through DuckDB's JDBC driver and the shared JDBC base.
 */
public final class ThrowawayEngine implements WarehouseEngine {

    @Override
    public List<RequiredKey> requiredKeys() {
        return List.of(new RequiredKey("path", WarehouseConfig::path, "the database file, relative to the workspace"));
    }

    @Override
    public Dialect dialect() {
        return new ThrowawayDialect();
    }

    @Override
    public Warehouse open(WarehouseConfig config, Workspace workspace) {
        return new ThrowawayWarehouse(config, workspace.root());
    }
}
