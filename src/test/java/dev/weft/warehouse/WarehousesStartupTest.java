package dev.weft.warehouse;

import dev.weft.StartupErrors;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A wrong warehouse configuration stops the application at start, with a message naming the key. */
class WarehousesStartupTest {

    @TempDir
    Path workspace;

    private String startupError(Map<String, Object> config) {
        Map<String, Object> props = new HashMap<>(config);
        props.put("weft.workspace", workspace.toString());
        Throwable error = catchThrowable(() -> ApplicationContext.builder().properties(props).start().close());
        assertThat(error).as("the start must fail").isNotNull();
        return StartupErrors.describe(error);
    }

    private static Map<String, Object> snowflake() {
        Map<String, Object> sf = new HashMap<>();
        sf.put("weft.warehouse", "sf");
        sf.put("weft.warehouses.sf.type", "snowflake");
        sf.put("weft.warehouses.sf.account", "xy12345.eu-west-1");
        sf.put("weft.warehouses.sf.user", "weft");
        sf.put("weft.warehouses.sf.password", "secret");
        sf.put("weft.warehouses.sf.database", "analytics");
        sf.put("weft.warehouses.sf.warehouse", "transforming");
        return sf;
    }

    private static Map<String, Object> bigquery() {
        return new HashMap<>(Map.of("weft.warehouse", "bq", "weft.warehouses.bq.type", "bigquery",
                "weft.warehouses.bq.project", "acme-data", "weft.warehouses.bq.dataset", "weft"));
    }

    @Test
    void anUnknownWarehouseNameIsNamed() {
        assertThat(startupError(Map.of("weft.warehouse", "prod")))
                .contains("weft.warehouse = 'prod' names no warehouse under weft.warehouses").contains("local");
    }

    @Test
    void anUnknownTypeIsNamed() {
        assertThat(startupError(Map.of("weft.warehouse", "x", "weft.warehouses.x.type", "oracle")))
                .contains("weft.warehouses.x.type = 'oracle' is not a warehouse type")
                .contains("bigquery, duckdb, postgres, snowflake");
    }

    @Test
    void aMissingTypeIsNamed() {
        assertThat(startupError(Map.of("weft.warehouses.x.path", "a.duckdb")))
                .contains("weft.warehouses.x.type is missing");
    }

    @Test
    void eachRequiredSnowflakeKeyIsNamed() {
        for (String key : new String[]{"account", "user", "password", "database", "warehouse"}) {
            Map<String, Object> config = snowflake();
            config.remove("weft.warehouses.sf." + key);
            assertThat(startupError(config)).as(key)
                    .startsWith("weft.warehouses.sf." + key + " is required for a snowflake warehouse");
        }
    }

    @Test
    void snowflakeTakesAUrlForTheAccountAndAKeyFileForThePassword() {
        Map<String, Object> config = snowflake();
        config.remove("weft.warehouses.sf.account");
        config.remove("weft.warehouses.sf.password");
        config.put("weft.warehouses.sf.url", "jdbc:snowflake://xy12345.eu-west-1.snowflakecomputing.com/");
        config.put("weft.warehouses.sf.private-key-file", "/secrets/weft.p8");
        assertStarts(config, "sf");
    }

    @Test
    void eachRequiredBigQueryKeyIsNamed() {
        for (String key : new String[]{"project", "dataset"}) {
            Map<String, Object> config = bigquery();
            config.remove("weft.warehouses.bq." + key);
            assertThat(startupError(config)).as(key)
                    .startsWith("weft.warehouses.bq." + key + " is required for a bigquery warehouse");
        }
    }

    @Test
    void aPostgresWarehouseNeedsAUrl() {
        assertThat(startupError(Map.of("weft.warehouse", "pg", "weft.warehouses.pg.type", "postgres")))
                .startsWith("weft.warehouses.pg.url is required for a postgres warehouse");
    }

    @Test
    void completeConfigurationsStartWithoutConnecting() {
        // Warehouses open on first use: a start must not need the network.
        assertStarts(snowflake(), "sf");
        assertStarts(bigquery(), "bq");
    }

    private void assertStarts(Map<String, Object> config, String name) {
        Map<String, Object> props = new HashMap<>(config);
        props.put("weft.workspace", workspace.toString());
        try (ApplicationContext context = ApplicationContext.builder().properties(props).start()) {
            assertThat(context.getBean(Warehouses.class).names()).contains(name, "local");
        }
    }
}
