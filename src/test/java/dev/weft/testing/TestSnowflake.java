package dev.weft.testing;

import dev.weft.warehouse.WarehouseConfig;
import dev.weft.warehouse.snowflake.SnowflakeWarehouse;
import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * A real Snowflake for integration tests, from the environment: {@code WEFT_SNOWFLAKE_ACCOUNT} (or
 * {@code WEFT_SNOWFLAKE_URL}), {@code WEFT_SNOWFLAKE_USER}, {@code WEFT_SNOWFLAKE_PASSWORD} (or
 * {@code WEFT_SNOWFLAKE_PRIVATE_KEY_FILE} and optionally {@code WEFT_SNOWFLAKE_PRIVATE_KEY_PASSPHRASE}),
 * {@code WEFT_SNOWFLAKE_DATABASE}, {@code WEFT_SNOWFLAKE_WAREHOUSE}, optionally {@code WEFT_SNOWFLAKE_ROLE}.
 * Without them the calling test is skipped, naming the variables that are missing. Each caller gets
 * its own schema, dropped afterwards.
 */
public final class TestSnowflake {

    private TestSnowflake() {
    }

    /** Creates a fresh schema and returns a config pointing at it, or skips the test saying what is missing. */
    public static WarehouseConfig freshSchema(String name, String prefix) {
        List<String> missing = new ArrayList<>();
        String account = env("WEFT_SNOWFLAKE_ACCOUNT");
        String url = env("WEFT_SNOWFLAKE_URL");
        String password = env("WEFT_SNOWFLAKE_PASSWORD");
        String keyFile = env("WEFT_SNOWFLAKE_PRIVATE_KEY_FILE");
        if (account == null && url == null) {
            missing.add("WEFT_SNOWFLAKE_ACCOUNT (or WEFT_SNOWFLAKE_URL)");
        }
        if (env("WEFT_SNOWFLAKE_USER") == null) {
            missing.add("WEFT_SNOWFLAKE_USER");
        }
        if (password == null && keyFile == null) {
            missing.add("WEFT_SNOWFLAKE_PASSWORD (or WEFT_SNOWFLAKE_PRIVATE_KEY_FILE)");
        }
        for (String v : List.of("WEFT_SNOWFLAKE_DATABASE", "WEFT_SNOWFLAKE_WAREHOUSE")) {
            if (env(v) == null) {
                missing.add(v);
            }
        }
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: Snowflake integration tests need " + String.join(", ", missing));
        String schema = ("WEFT_T_" + prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toUpperCase();
        WarehouseConfig config = new WarehouseConfig(name, "snowflake", null, null, null, url, env("WEFT_SNOWFLAKE_USER"),
                password, schema, account, env("WEFT_SNOWFLAKE_DATABASE"), env("WEFT_SNOWFLAKE_WAREHOUSE"),
                env("WEFT_SNOWFLAKE_ROLE"), keyFile, env("WEFT_SNOWFLAKE_PRIVATE_KEY_PASSPHRASE"), null, null, null, null, 4);
        execute(config, "CREATE SCHEMA " + schema);
        return config;
    }

    public static void dropSchema(WarehouseConfig config) {
        if (config != null) {
            execute(config, "DROP SCHEMA IF EXISTS " + config.schema() + " CASCADE");
        }
    }

    /** A session without a current schema, since the schema may not exist yet. */
    private static void execute(WarehouseConfig config, String sql) {
        Properties props = SnowflakeWarehouse.connectionProperties(config);
        props.remove("schema");
        try (Connection c = DriverManager.getConnection(SnowflakeWarehouse.jdbcUrl(config), props);
             Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? null : v;
    }
}
