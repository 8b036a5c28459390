package dev.weft.warehouse.duckdb;

import dev.weft.StateFiles;
import dev.weft.WeftException;
import dev.weft.warehouse.BulkWriter;
import dev.weft.warehouse.TableInfo;
import dev.weft.warehouse.WarehouseConfig;
import dev.weft.warehouse.jdbc.JdbcWarehouse;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The embedded default: a DuckDB database file in the workspace. One database instance per process;
 * each unit of work gets a duplicate of the root connection (DuckDB connections are not thread-safe,
 * duplicates share the instance). Bulk loads go through DuckDB's Appender.
 */
public final class DuckDbWarehouse extends JdbcWarehouse {

    /** Where the database file is when {@code path} is not set, relative to the workspace. */
    static final String DEFAULT_PATH = ".weft/warehouse.duckdb";

    private final DuckDBConnection root;
    private final Path file;
    /** Where unqualified names resolve: {@code main}, unless {@code schema} names another (which must exist). */
    private final String schema;

    /** Opens the database file, which must exist: a wrong path is an error, not a new empty warehouse. */
    public DuckDbWarehouse(WarehouseConfig config, Path workspace) {
        this(config, workspace, false);
    }

    /** Opens the database file, creating it (and its folder) when missing: for weft demo and weft warehouse init. */
    public static DuckDbWarehouse create(WarehouseConfig config, Path workspace) {
        return new DuckDbWarehouse(config, workspace, true);
    }

    private DuckDbWarehouse(WarehouseConfig config, Path workspace, boolean create) {
        super(config.name(), new DuckDbDialect());
        this.schema = config.schema() == null ? DuckDBConnection.DEFAULT_SCHEMA : config.schema();
        String path = config.path() == null ? DEFAULT_PATH : config.path();
        this.file = path.equals(":memory:") ? null : workspace.resolve(path).toAbsolutePath().normalize();
        if (file != null && !Files.exists(file)) {
            if (!create) {
                throw new WeftException(config.key() + ".path: no DuckDB database at " + file
                        + (Files.isDirectory(file.getParent()) ? "" : " (its folder " + file.getParent() + " does not exist either)")
                        + "; 'weft demo' creates one with demo data, 'weft warehouse init' an empty one, or set "
                        + config.key() + ".path to an existing database file");
            }
            if (!Files.isDirectory(file.getParent())) {
                StateFiles.privateDirectory(file.getParent());
            }
        }
        try {
            Properties props = new Properties();
            if (config.memoryLimit() != null) {
                props.setProperty("memory_limit", config.memoryLimit());
            }
            // Every read that needs an order says ORDER BY; without the promise to keep insertion order,
            // DuckDB runs large CREATE TABLE AS and INSERT ... SELECT in parallel with less memory.
            props.setProperty("preserve_insertion_order", "false");
            if (config.threads() != null) {
                props.setProperty("threads", config.threads().toString());
            }
            if (file != null) {
                // Spill next to the database file rather than into the working directory.
                props.setProperty("temp_directory", file.getParent().resolve("duckdb_tmp").toString());
            }
            root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + (file == null ? "" : file), props);
        } catch (Exception e) {
            throw StateFiles.failure(config.key() + ": cannot open DuckDB database " + (file == null ? "in memory" : file),
                    file == null ? workspace : file, e);
        }
    }

    @Override
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    @Override
    protected Connection connection() throws SQLException {
        DuckDBConnection c = (DuckDBConnection) root.duplicate();
        if (!schema.equals(DuckDBConnection.DEFAULT_SCHEMA)) {
            // Each connection has its own default schema; USE sets it by identifiers, no value in the SQL.
            try (Statement st = c.createStatement()) {
                st.execute("USE " + dialect().ident(c.getCatalog()) + "." + dialect().ident(schema));
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    @Override
    protected String schema() {
        return schema;
    }

    @Override
    public BulkWriter bulkWriter(String table, List<String> columns) {
        TableInfo info = describeTable(table).orElseThrow(() ->
                new WeftException("bulk load into " + table + ": no such table in warehouse '" + name() + "'"));
        List<String> tableColumns = info.columns().stream().map(TableInfo.ColumnInfo::name).toList();
        if (!tableColumns.equals(columns.stream().map(String::toLowerCase).toList())) {
            throw new WeftException("bulk load into " + table + ": DuckDB's appender writes every column in table order "
                    + tableColumns + ", got " + columns);
        }
        try {
            DuckDBConnection c = (DuckDBConnection) connection();
            DuckDBAppender appender = c.createAppender(schema, info.name());
            return new AppenderWriter(table, c, appender, columns.size());
        } catch (SQLException e) {
            throw failure("appender on " + table, e);
        }
    }

    @Override
    public void close() {
        try {
            root.close();
        } catch (SQLException e) {
            throw failure(null, e);
        }
    }

    private final class AppenderWriter extends ConnectionBulkWriter {
        private final DuckDBAppender appender;

        AppenderWriter(String table, DuckDBConnection connection, DuckDBAppender appender, int width) {
            super(table, connection, width, "append to " + table, "close appender on " + table);
            this.appender = appender;
        }

        @Override
        protected void write(Object[] values) throws SQLException {
            for (Object v : values) {
                // Checked before beginRow: a row the appender has begun cannot be abandoned.
                if (v != null && !(v instanceof String || v instanceof Long || v instanceof Integer || v instanceof Double
                        || v instanceof Boolean || v instanceof Instant || v instanceof LocalDate)) {
                    throw new WeftException("bulk load into " + table + ": unsupported value type " + v.getClass().getName());
                }
            }
            appender.beginRow();
            for (Object v : values) {
                appendValue(v);
            }
            appender.endRow();
        }

        private void appendValue(Object v) throws SQLException {
            if (v == null) {
                appender.appendNull();
            } else if (v instanceof String s) {
                appender.append(s);
            } else if (v instanceof Long l) {
                appender.append((long) l);
            } else if (v instanceof Integer i) {
                appender.append((int) i);
            } else if (v instanceof Double d) {
                appender.append((double) d);
            } else if (v instanceof Boolean b) {
                appender.append((boolean) b);
            } else if (v instanceof Instant t) {
                appender.appendEpochMicros(t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000);
            } else {
                appender.append((LocalDate) v);
            }
        }

        @Override
        protected void finish() throws SQLException {
            appender.close();
        }
    }
}
