package dev.weft.warehouse.snowflake;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.weft.WeftException;
import dev.weft.warehouse.BulkWriter;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.CsvRows;
import dev.weft.warehouse.TableInfo;
import dev.weft.warehouse.WarehouseConfig;
import dev.weft.warehouse.jdbc.JdbcWarehouse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Snowflake through its JDBC driver: a small pool of sessions in the configured database, schema and
 * warehouse, password or key-pair authentication, bulk loads as gzip CSV files PUT to the table's
 * stage and loaded by one {@code COPY INTO}. Results arrive in Arrow format, which needs the JVM
 * flags in DEPENDENCIES.md (trap 2); the launcher and surefire set them.
 */
public final class SnowflakeWarehouse extends JdbcWarehouse {

    /** Snowflake loads fastest from files of 100-250 MB compressed; CSV compresses about 4:1. */
    private static final long FILE_CHARS = 512L << 20;
    private static final String ARROW_FLAGS = "--add-opens=java.base/java.nio=ALL-UNNAMED -Darrow.allocation.manager.type=Unsafe";
    private static final Logger LOG = LoggerFactory.getLogger(SnowflakeWarehouse.class);

    static {
        // The driver logs through java.util.logging unless told otherwise; through SLF4J, Weft's logback config applies.
        if (System.getProperty("net.snowflake.jdbc.loggerImpl") == null) {
            System.setProperty("net.snowflake.jdbc.loggerImpl", "net.snowflake.client.log.SLF4JLogger");
        }
    }

    private final HikariDataSource pool;
    private final String schema;

    public SnowflakeWarehouse(WarehouseConfig config) {
        super(config.name(), new SnowflakeDialect());
        new SnowflakeEngine().checkKeys(config);
        this.schema = schemaOf(config);
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("weft-warehouse-" + config.name());
        hc.setJdbcUrl(jdbcUrl(config));
        hc.setDataSourceProperties(connectionProperties(config));
        hc.setMaximumPoolSize(config.maxConnectionsOr(8));
        hc.setMinimumIdle(0);
        try {
            this.pool = new HikariDataSource(hc);
        } catch (Exception e) {
            throw new WeftException(config.key() + ": cannot connect to Snowflake at " + jdbcUrl(config) + ": " + e.getMessage(), e);
        }
        checkSession(config);
    }

    /** The configured schema, or PUBLIC. */
    static String schemaOf(WarehouseConfig config) {
        return config.schema() == null ? "PUBLIC" : config.schema();
    }

    /** {@code url} as given, else the account's standard host. Public for tools and tests that need a plain session. */
    public static String jdbcUrl(WarehouseConfig config) {
        if (config.url() != null) {
            return config.url();
        }
        return "jdbc:snowflake://" + config.account() + ".snowflakecomputing.com/";
    }

    /**
     * Driver and session properties. Session parameters make every session alike whatever the account's
     * defaults: UTC, and timestamps without zone, which is what Weft's TIMESTAMP means on every engine.
     */
    public static Properties connectionProperties(WarehouseConfig config) {
        Properties p = new Properties();
        p.setProperty("user", config.user());
        if (config.privateKeyFile() != null) {
            p.setProperty("authenticator", "SNOWFLAKE_JWT");
            p.setProperty("private_key_file", config.privateKeyFile());
            if (config.privateKeyPassphrase() != null) {
                p.setProperty("private_key_pwd", config.privateKeyPassphrase());
            }
        } else if (config.password() != null) {
            p.setProperty("password", config.password());
        }
        p.setProperty("db", config.database());
        p.setProperty("schema", schemaOf(config));
        if (config.warehouse() != null) {
            p.setProperty("warehouse", config.warehouse());
        }
        if (config.role() != null) {
            p.setProperty("role", config.role());
        }
        p.setProperty("TIMEZONE", "UTC");
        p.setProperty("TIMESTAMP_TYPE_MAPPING", "TIMESTAMP_NTZ");
        p.setProperty("CLIENT_TIMESTAMP_TYPE_MAPPING", "TIMESTAMP_NTZ");
        p.setProperty("QUERY_TAG", "weft");
        // The driver prefetches result chunks up to 1536 MB by default, more than Weft's whole 1 GB heap;
        // a quarter of the heap keeps streaming reads streaming.
        p.setProperty("CLIENT_MEMORY_LIMIT", String.valueOf(resultMemoryMb()));
        // Probing cloud metadata endpoints only serves workload-identity login, which Weft does not use;
        // off a cloud VM it adds seconds and error logs to every connect.
        p.setProperty("disablePlatformDetection", "true");
        if (!arrowUsable()) {
            // Without the JVM flags the driver's Arrow reader fails on the first result; JSON is slower but works.
            LOG.warn("{}: JVM started without {}; Snowflake results are read as JSON instead of Arrow (slower)",
                    config.key(), ARROW_FLAGS);
            p.setProperty("JDBC_QUERY_RESULT_FORMAT", "JSON");
        }
        return p;
    }

    static long resultMemoryMb() {
        return Math.max(64, Runtime.getRuntime().maxMemory() / 4 / (1 << 20));
    }

    /** Whether this JVM has the flags Arrow needs (DEPENDENCIES.md, trap 2). */
    static boolean arrowUsable() {
        return java.nio.Buffer.class.getModule().isOpen("java.nio", SnowflakeWarehouse.class.getModule())
                && "Unsafe".equalsIgnoreCase(System.getProperty("arrow.allocation.manager.type"));
    }

    private void checkSession(WarehouseConfig config) {
        try (Connection c = connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(SnowflakeStatements.sessionCheck())) {
            rs.next();
            if (rs.getString(1) == null) {
                throw new WeftException(config.key() + ".database = '" + config.database()
                        + "' does not exist or the role cannot use it");
            }
            if (rs.getString(2) == null) {
                throw new WeftException(config.key() + ".schema = '" + schema + "' does not exist in database "
                        + config.database() + " or the role cannot use it (create it first; see README, Warehouses)");
            }
            if (rs.getString(3) == null) {
                throw new WeftException(config.key() + ".warehouse is not set, does not exist or the role cannot use it");
            }
        } catch (SQLException e) {
            pool.close();
            throw new WeftException(config.key() + ": cannot connect to Snowflake at " + jdbcUrl(config) + ": " + e.getMessage(), e);
        } catch (WeftException e) {
            pool.close();
            throw e;
        }
    }

    @Override
    protected Connection connection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    protected String schema() {
        return schema;
    }

    @Override
    protected String listTablesSql() {
        return SnowflakeStatements.listTables();
    }

    @Override
    protected String describeTableSql() {
        return SnowflakeStatements.describeTable();
    }

    /**
     * The driver has no java.time binding and binds java.sql timestamps through the JVM's zone, so
     * instants and dates travel as UTC text, which Snowflake casts to the column's type.
     */
    @Override
    protected Object toJdbc(Object value) {
        if (value instanceof Instant instant) {
            return CsvRows.TIMESTAMP.format(instant);
        }
        if (value instanceof LocalDate date) {
            return date.toString();
        }
        return value;
    }

    @Override
    public BulkWriter bulkWriter(String table, List<String> columns) {
        TableInfo info = describeTable(table).orElseThrow(() ->
                new WeftException("bulk load into " + table + ": no such table in warehouse '" + name() + "'"));
        Set<String> jsonColumns = info.columns().stream().filter(c -> c.type() == ColumnType.JSON)
                .map(TableInfo.ColumnInfo::name).collect(Collectors.toSet());
        return new StageWriter(table, List.copyOf(columns), jsonColumns);
    }

    @Override
    public void close() {
        pool.close();
    }

    /**
     * Writes rows to gzip CSV files in a temporary folder, then on close PUTs them to the table stage and
     * loads them with one COPY INTO, which is atomic: either all rows are committed or none.
     */
    private final class StageWriter implements BulkWriter {
        private final String table;
        private final List<String> columns;
        private final Set<String> jsonColumns;
        private final GzipCsvFiles files;

        StageWriter(String table, List<String> columns, Set<String> jsonColumns) {
            this.table = table;
            this.columns = columns;
            this.jsonColumns = jsonColumns;
            this.files = new GzipCsvFiles(table, FILE_CHARS);
        }

        @Override
        public void append(Object... values) {
            if (values.length != columns.size()) {
                throw CsvRows.wrongWidth(table, values.length, columns.size());
            }
            files.append(values);
        }

        @Override
        public long rowCount() {
            return files.rows();
        }

        @Override
        public void close() {
            String current = null;
            try (files) {
                if (files.rows() == 0) {
                    return;
                }
                files.finish();
                String loadId = "weft_load_" + UUID.randomUUID().toString().replace("-", "");
                try (Connection c = connection(); Statement st = c.createStatement()) {
                    current = SnowflakeStatements.put(files.dir(), table, loadId);
                    st.execute(current);
                    current = SnowflakeStatements.copyInto(table, columns, jsonColumns, loadId);
                    try {
                        st.execute(current);
                    } catch (SQLException e) {
                        removeStaged(st, loadId, e);
                        throw e;
                    }
                }
            } catch (SQLException e) {
                throw failure(current, e);
            }
        }

        /** Leaves no orphan files in the table stage; a failure to clean up is kept as a suppressed error. */
        private void removeStaged(Statement st, String loadId, SQLException cause) {
            try {
                st.execute(SnowflakeStatements.removeStaged(table, loadId));
            } catch (SQLException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
