package dev.weft.testing;

import dev.weft.warehouse.WarehouseConfig;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * Finds a PostgreSQL for tests: {@code WEFT_TEST_PG_URL} when set; otherwise a Testcontainers
 * Postgres when a Docker engine exists; otherwise the local server at 127.0.0.1:5432 (database
 * test, user postgres). When none answers, the calling test is skipped with the reason, unless
 * {@code WEFT_TEST_PG_REQUIRED=true} (CI), where it fails.
 * Each caller gets its own schema, so test classes (and concurrent runs) never share tables.
 */
public final class TestPostgres {

    private static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static String url;
    private static String unreachable;

    private TestPostgres() {
    }

    /** The JDBC URL (with user), or skips the current test saying why no Postgres is reachable. */
    public static synchronized String url() {
        if (url == null && unreachable == null) {
            locate();
        }
        if (url == null && "true".equals(System.getenv("WEFT_TEST_PG_REQUIRED"))) {
            // CI sets this: there a missing Postgres is a failure, not a reason to skip.
            throw new IllegalStateException("WEFT_TEST_PG_REQUIRED is set but no PostgreSQL is reachable: " + unreachable);
        }
        Assumptions.assumeTrue(url != null, () -> "skipped: no PostgreSQL reachable (" + unreachable + ")");
        return url;
    }

    private static void locate() {
        String configured = System.getenv("WEFT_TEST_PG_URL");
        if (configured != null && !configured.isBlank()) {
            tryUrl(configured);
            return;
        }
        if (dockerAvailable()) {
            PostgreSQLContainer<?> pg = new PostgreSQLContainer<>("postgres:16-alpine");
            pg.start();
            tryUrl(pg.getJdbcUrl() + "&user=" + pg.getUsername() + "&password=" + pg.getPassword());
            return;
        }
        tryUrl(LOCAL);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private static void tryUrl(String candidate) {
        try (Connection c = DriverManager.getConnection(candidate)) {
            url = candidate;
        } catch (SQLException e) {
            unreachable = candidate + ": " + e.getMessage();
        }
    }

    /** Creates a fresh, uniquely named schema and returns its name. */
    public static String freshSchema(String prefix) {
        String schema = ("weft_t_" + prefix + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        execute("CREATE SCHEMA " + schema);
        return schema;
    }

    public static void dropSchema(String schema) {
        if (url != null && schema != null) {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    public static boolean schemaExists(String schema) {
        try (Connection c = DriverManager.getConnection(url());
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
            ps.setString(1, schema);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A warehouse config pointing at a fresh schema of the test Postgres. */
    public static WarehouseConfig warehouseConfig(String name, String schema) {
        // 6, not 4: the demo seeder holds one COPY connection per raw table (4 with the truth table), and
        // with exactly 4 a slow fourth connection once timed out the seeder test under a loaded CI machine.
        return new WarehouseConfig(name, "postgres", null, null, null, url(), null, null, schema,
                null, null, null, null, null, null, null, null, 6);
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
