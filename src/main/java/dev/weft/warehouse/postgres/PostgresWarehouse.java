package dev.weft.warehouse.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.weft.WeftException;
import dev.weft.warehouse.BulkWriter;
import dev.weft.warehouse.CsvRows;
import dev.weft.warehouse.WarehouseConfig;
import dev.weft.warehouse.jdbc.JdbcWarehouse;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/** PostgreSQL 15+: a pooled connection per unit of work, bulk loads through {@code COPY ... FROM STDIN}. */
public final class PostgresWarehouse extends JdbcWarehouse {

    private static final int COPY_BUFFER = 1 << 20;

    private final HikariDataSource pool;
    private final String schema;

    public PostgresWarehouse(WarehouseConfig config) {
        super(config.name(), new PostgresDialect());
        if (config.url() == null) {
            throw new WeftException(config.key() + ".url is required for a postgres warehouse (jdbc:postgresql://host:5432/db)");
        }
        this.schema = config.schema() == null ? "public" : config.schema();
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("weft-warehouse-" + config.name());
        hc.setJdbcUrl(config.url());
        if (config.user() != null) {
            hc.setUsername(config.user());
        }
        if (config.password() != null) {
            hc.setPassword(config.password());
        }
        hc.setMaximumPoolSize(config.maxConnectionsOr(8));
        hc.setMinimumIdle(0);
        hc.addDataSourceProperty("currentSchema", schema);
        hc.addDataSourceProperty("reWriteBatchedInserts", "true");
        hc.setConnectionInitSql("SET TIME ZONE 'UTC'");
        try {
            this.pool = new HikariDataSource(hc);
            try (Connection c = pool.getConnection()) {
                createSchemaIfMissing(c);
            }
        } catch (Exception e) {
            throw new WeftException(config.key() + ": cannot connect to " + config.url() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates the schema only when it is missing: even {@code CREATE SCHEMA IF NOT EXISTS} needs CREATE on the
     * database, which a user of an existing schema (with read and write rights there only) need not have.
     */
    private void createSchemaIfMissing(Connection c) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            exists.setString(1, schema);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + dialect().ident(schema));
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
    public BulkWriter bulkWriter(String table, List<String> columns) {
        String copy = "COPY " + dialect().ident(table) + " ("
                + columns.stream().map(dialect()::ident).collect(Collectors.joining(", "))
                + ") FROM STDIN WITH (FORMAT csv)";
        try {
            Connection c = connection();
            try {
                CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copy);
                return new CopyWriter(table, c, in, columns.size());
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        } catch (SQLException e) {
            throw failure(copy, e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Buffers CSV lines and streams them to COPY; an empty unquoted field is NULL, "" is the empty string. */
    private final class CopyWriter extends ConnectionBulkWriter {
        private final CopyIn copy;
        private final StringBuilder buffer = new StringBuilder(COPY_BUFFER + 4096);

        CopyWriter(String table, Connection connection, CopyIn copy, int width) {
            super(table, connection, width, "COPY into " + table, "COPY into " + table);
            this.copy = copy;
        }

        @Override
        protected void write(Object[] values) throws SQLException {
            CsvRows.append(buffer, values, table);
            if (buffer.length() >= COPY_BUFFER) {
                flush();
            }
        }

        private void flush() throws SQLException {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            buffer.setLength(0);
            copy.writeToCopy(bytes, 0, bytes.length);
        }

        @Override
        protected void finish() throws SQLException {
            flush();
            copy.endCopy();
        }
    }
}
