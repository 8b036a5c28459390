package dev.weft.warehouse.snowflake;

import dev.weft.warehouse.WarehouseConfig;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** How a Snowflake config becomes a JDBC URL and session properties (no connection needed). */
class SnowflakeConnectionTest {

    private static WarehouseConfig config(String url, String account, String password, String keyFile, String passphrase,
                                          String schema, String role) {
        return new WarehouseConfig("sf", "snowflake", null, null, null, url, "weft_svc", password, schema, account,
                "ANALYTICS", "TRANSFORMING", role, keyFile, passphrase, null, null, null, null, null);
    }

    @Test
    void anAccountBecomesItsStandardHost() {
        WarehouseConfig c = config(null, "myorg-myaccount", "pw", null, null, null, null);
        assertThat(SnowflakeWarehouse.jdbcUrl(c)).isEqualTo("jdbc:snowflake://myorg-myaccount.snowflakecomputing.com/");
        String url = "jdbc:snowflake://xy12345.eu-west-1.privatelink.snowflakecomputing.com/";
        assertThat(SnowflakeWarehouse.jdbcUrl(config(url, null, "pw", null, null, null, null))).isEqualTo(url);
    }

    @Test
    void passwordSessionsUseTheConfiguredPlaceAndUtc() {
        Properties p = SnowflakeWarehouse.connectionProperties(config(null, "acct", "pw", null, null, "weft", "WEFT_ROLE"));
        assertThat(p).containsEntry("user", "weft_svc").containsEntry("password", "pw")
                .containsEntry("db", "ANALYTICS").containsEntry("schema", "weft").containsEntry("warehouse", "TRANSFORMING")
                .containsEntry("role", "WEFT_ROLE").containsEntry("TIMEZONE", "UTC")
                .containsEntry("TIMESTAMP_TYPE_MAPPING", "TIMESTAMP_NTZ").containsEntry("disablePlatformDetection", "true")
                .containsEntry("CLIENT_MEMORY_LIMIT", String.valueOf(Runtime.getRuntime().maxMemory() / 4 / (1 << 20)))
                .doesNotContainKey("authenticator").doesNotContainKey("private_key_file");
    }

    @Test
    void arrowResultsAreKeptWhenTheJvmHasTheFlags() {
        // surefire's argLine carries the flags, as the launcher does
        assertThat(SnowflakeWarehouse.arrowUsable()).isTrue();
        assertThat(SnowflakeWarehouse.connectionProperties(config(null, "acct", "pw", null, null, null, null)))
                .doesNotContainKey("JDBC_QUERY_RESULT_FORMAT");
    }

    @Test
    void aPrivateKeyFileSelectsKeyPairAuthenticationOverAPassword() {
        Properties p = SnowflakeWarehouse.connectionProperties(config(null, "acct", "ignored", "/run/secrets/weft.p8", "phrase", null, null));
        assertThat(p).containsEntry("authenticator", "SNOWFLAKE_JWT").containsEntry("private_key_file", "/run/secrets/weft.p8")
                .containsEntry("private_key_pwd", "phrase").containsEntry("schema", "PUBLIC")
                .doesNotContainKey("password").doesNotContainKey("role");
    }

    @Test
    void secretsNeverShowInAPrintedConfig() {
        String printed = config(null, "acct", "hunter2", "/run/secrets/weft.p8", "s3cret-phrase", null, null).toString();
        assertThat(printed).doesNotContain("hunter2").doesNotContain("s3cret-phrase")
                .contains("password=****").contains("privateKeyFile=/run/secrets/weft.p8").contains("account=acct");
    }
}
