package dev.weft.warehouse;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.core.annotation.Creator;
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
        /* postgres, snowflake: JDBC URL; bigquery: API root instead of Google's (an emulator, a private endpoint) */
        @Nullable String url,
        @Nullable String user,
        @Nullable String password,
        @Nullable String schema,
        /* snowflake */
        @Nullable String account,
        @Nullable String database,
        @Nullable String warehouse,
        @Nullable String role,
        /* snowflake key-pair auth instead of a password: a PKCS#8 PEM file, and its passphrase if encrypted */
        @Nullable String privateKeyFile,
        @Nullable String privateKeyPassphrase,
        /* bigquery */
        @Nullable String project,
        @Nullable String dataset,
        @Nullable String location,
        @Nullable String credentialsFile,
        @Nullable Integer maxConnections) {

    @Creator
    public WarehouseConfig {
    }

    /** The form without key-pair keys, so code written before Snowflake key-pair auth still compiles. */
    public WarehouseConfig(String name, String type, String path, String memoryLimit, Integer threads, String url,
                           String user, String password, String schema, String account, String database,
                           String warehouse, String role, String project, String dataset, String location,
                           String credentialsFile, Integer maxConnections) {
        this(name, type, path, memoryLimit, threads, url, user, password, schema, account, database, warehouse, role,
                null, null, project, dataset, location, credentialsFile, maxConnections);
    }

    /** Like the record's own, with secrets masked, so a logged or printed config never shows them. */
    @Override
    public String toString() {
        return "WarehouseConfig[name=" + name + ", type=" + type + ", path=" + path + ", memoryLimit=" + memoryLimit
                + ", threads=" + threads + ", url=" + url + ", user=" + user
                + ", password=" + mask(password) + ", schema=" + schema + ", account=" + account + ", database=" + database
                + ", warehouse=" + warehouse + ", role=" + role + ", privateKeyFile=" + privateKeyFile
                + ", privateKeyPassphrase=" + mask(privateKeyPassphrase) + ", project=" + project + ", dataset=" + dataset
                + ", location=" + location + ", credentialsFile=" + credentialsFile + ", maxConnections=" + maxConnections + "]";
    }

    private static String mask(String secret) {
        return secret == null ? null : "****";
    }

    /** The same warehouse account, its unqualified names resolving in {@code schema} instead. */
    public WarehouseConfig withSchema(String schema) {
        return new WarehouseConfig(name, type, path, memoryLimit, threads, url, user, password, schema, account, database,
                warehouse, role, privateKeyFile, privateKeyPassphrase, project, dataset, location, credentialsFile, maxConnections);
    }

    /** The same BigQuery project, its unqualified names resolving in {@code dataset} instead. */
    public WarehouseConfig withDataset(String dataset) {
        return new WarehouseConfig(name, type, path, memoryLimit, threads, url, user, password, schema, account, database,
                warehouse, role, privateKeyFile, privateKeyPassphrase, project, dataset, location, credentialsFile, maxConnections);
    }

    /** The config key prefix of this warehouse, for error messages. */
    public String key() {
        return "weft.warehouses." + name;
    }

    public int maxConnectionsOr(int fallback) {
        return maxConnections == null ? fallback : maxConnections;
    }
}
