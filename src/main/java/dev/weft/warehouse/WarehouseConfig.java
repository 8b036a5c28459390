package dev.weft.warehouse;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

/**
 * One warehouse under {@code weft.warehouses.<name>} in {@code weft.yml}. Which keys apply depends on
 * {@code type}; secrets ({@code password}, key files) come from environment placeholders such as
 * {@code ${WEFT_PG_PASSWORD}}, never from files in git.
 */
@EachProperty("weft.warehouses")
public record WarehouseConfig(
        @Parameter String name,
        @Nullable String type,
        /* duckdb: database file, relative to the workspace */
        @Nullable String path,
        /* duckdb: e.g. "6GB"; DuckDB spills to disk beyond it */
        @Nullable String memoryLimit,
        @Nullable Integer threads,
        /* postgres, snowflake: JDBC URL */
        @Nullable String url,
        @Nullable String user,
        @Nullable String password,
        @Nullable String schema,
        /* snowflake */
        @Nullable String account,
        @Nullable String database,
        @Nullable String warehouse,
        @Nullable String role,
        /* bigquery */
        @Nullable String project,
        @Nullable String dataset,
        @Nullable String location,
        @Nullable String credentialsFile,
        @Nullable Integer maxConnections) {

    /** The config key prefix of this warehouse, for error messages. */
    public String key() {
        return "weft.warehouses." + name;
    }

    public int maxConnectionsOr(int fallback) {
        return maxConnections == null ? fallback : maxConnections;
    }
}
