package dev.weft.warehouse.throwaway;

import dev.weft.WeftException;
import dev.weft.warehouse.BulkWriter;
import dev.weft.warehouse.WarehouseConfig;
import dev.weft.warehouse.jdbc.JdbcWarehouse;
import org.duckdb.DuckDBConnection;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

/** A DuckDB file opened with the plain JDBC driver; bulk loads are batched INSERTs run when the writer closes. */
final class ThrowawayWarehouse extends JdbcWarehouse {

    private final DuckDBConnection root;

    ThrowawayWarehouse(WarehouseConfig config, Path workspace) {
        super(config.name(), new ThrowawayDialect());
        try {
            root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + workspace.resolve(config.path()));
        } catch (SQLException e) {
            throw new WeftException(config.key() + ": cannot open " + config.path() + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected Connection connection() throws SQLException {
        return root.duplicate();
    }

    @Override
    protected String schema() {
        return "main";
    }

    @Override
    public BulkWriter bulkWriter(String table, List<String> columns) {
        String insert = "INSERT INTO " + dialect().ident(table) + " ("
                + columns.stream().map(dialect()::ident).collect(Collectors.joining(", ")) + ") VALUES (" + markers(columns.size()) + ")";
        try {
            Connection c = connection();
            return new BatchWriter(table, c, c.prepareStatement(insert), columns.size());
        } catch (SQLException e) {
            throw failure(insert, e);
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

    private final class BatchWriter extends ConnectionBulkWriter {
        private final PreparedStatement insert;

        BatchWriter(String table, Connection connection, PreparedStatement insert, int width) {
            super(table, connection, width, "insert into " + table, "insert into " + table);
            this.insert = insert;
        }

        @Override
        protected void write(Object[] values) throws SQLException {
            for (Object v : values) {
                if (v != null && !(v instanceof String || v instanceof Number || v instanceof Boolean
                        || v instanceof Instant || v instanceof LocalDate)) {
                    throw new WeftException("bulk load into " + table + ": unsupported value type " + v.getClass().getName());
                }
            }
            for (int i = 0; i < values.length; i++) {
                insert.setObject(i + 1, toJdbc(values[i]));
            }
            insert.addBatch();
        }

        @Override
        protected void finish() throws SQLException {
            try (insert) {
                insert.executeBatch();
            }
        }
    }
}
