package dev.weft.warehouse.snowflake;

import dev.weft.Workspace;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseConfig;
import dev.weft.warehouse.WarehouseEngine;

import java.util.List;

/** {@code type: snowflake}: Snowflake through its JDBC driver, password or key-pair authentication. */
public final class SnowflakeEngine implements WarehouseEngine {

    @Override
    public List<RequiredKey> requiredKeys() {
        return List.of(
                new RequiredKey("account", c -> c.account() != null ? c.account() : c.url(), "or url, a full jdbc:snowflake:// URL"),
                new RequiredKey("user", WarehouseConfig::user, ""),
                new RequiredKey("password", c -> c.password() != null ? c.password() : c.privateKeyFile(),
                        "or private-key-file for key-pair authentication"),
                new RequiredKey("database", WarehouseConfig::database, ""),
                new RequiredKey("warehouse", WarehouseConfig::warehouse, "the virtual warehouse that runs Weft's queries"));
    }

    @Override
    public Dialect dialect() {
        return new SnowflakeDialect();
    }

    @Override
    public Warehouse open(WarehouseConfig config, Workspace workspace) {
        return new SnowflakeWarehouse(config);
    }
}
