package dev.weft.warehouse.jdbc;

import dev.weft.warehouse.BulkWriter;
import dev.weft.warehouse.CsvRows;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.LimitedWarehouse;
import dev.weft.warehouse.RowHandler;
import dev.weft.warehouse.TableInfo;
import dev.weft.warehouse.WarehouseException;
import dev.weft.warehouse.WarehouseTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the JDBC engines share: statements, streaming reads and catalogue look-ups through
 * {@code information_schema}. Subclasses supply connections and their bulk-load path.
 */
public abstract class JdbcWarehouse implements LimitedWarehouse.Statements {

    private static final int FETCH_SIZE = 10_000;
    /** Each statement's seconds, for finding the slow one in a long run: {@code WEFT_SQL_LOG_LEVEL=DEBUG}. */
    private static final Logger SQL_LOG = LoggerFactory.getLogger("weft.sql");

    private final String name;
    private final Dialect dialect;

    protected JdbcWarehouse(String name, Dialect dialect) {
        this.name = name;
        this.dialect = dialect;
    }

    /** A connection for one unit of work; the caller closes it (returning it to its pool). */
    protected abstract Connection connection() throws SQLException;

    /** The schema unqualified names resolve in, as the catalogue spells it. */
    protected abstract String schema();

    @Override
    public String name() {
        return name;
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public long execute(Duration limit, String sql, Object... binds) {
        long start = System.nanoTime();
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            limit(ps, limit);
            bind(ps, Arrays.asList(binds)); // not List.of: a bind may be null
            start = System.nanoTime();
            boolean hasResult = ps.execute();
            long updated = hasResult ? -1 : ps.getLargeUpdateCount();
            logTiming(sql, start);
            return updated;
        } catch (SQLException e) {
            throw failure(sql, e, limit, start);
        }
    }

    @Override
    public void executeAll(Duration limit, List<String> statements) {
        String current = null;
        long start = System.nanoTime();
        try (Connection c = connection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                for (String sql : statements) {
                    current = sql;
                    // Prepared, not Statement.execute: DuckDB's JDBC Statement reports a failed statement as
                    // "Attempting to execute an unsuccessful or closed pending query result", losing the error.
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        limit(ps, limit);
                        start = System.nanoTime();
                        ps.execute();
                        logTiming(sql, start);
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw failure(current, e, limit, start);
        }
    }

    @Override
    public void query(Duration limit, String sql, List<?> binds, RowHandler handler) {
        long start = System.nanoTime();
        try (Connection c = connection()) {
            // Postgres streams with a cursor only outside auto-commit; harmless elsewhere.
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                ps.setFetchSize(FETCH_SIZE);
                limit(ps, limit);
                bind(ps, binds);
                start = System.nanoTime();
                try (ResultSet rs = ps.executeQuery()) {
                    JdbcRow row = new JdbcRow(rs);
                    while (rs.next()) {
                        handler.handle(row);
                    }
                }
                c.commit();
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw failure(sql, e, limit, start);
        }
    }

    /** The driver cancels the statement in the engine when the limit (whole seconds, at least 1) has passed. */
    private static void limit(PreparedStatement ps, Duration limit) throws SQLException {
        if (limit != null) {
            ps.setQueryTimeout(LimitedWarehouse.seconds(limit));
        }
    }

    private static void logTiming(String sql, long startNanos) {
        if (SQL_LOG.isDebugEnabled()) {
            String oneLine = sql.strip().replaceAll("\\s+", " ");
            SQL_LOG.debug("{} s  {}", String.format(Locale.ROOT, "%7.2f", (System.nanoTime() - startNanos) / 1e9),
                    oneLine.length() > 160 ? oneLine.substring(0, 160) + " ..." : oneLine);
        }
    }

    /** Lower-case names of the tables and views of a schema; binds: schema. */
    protected String listTablesSql() {
        return "SELECT lower(table_name) FROM information_schema.tables WHERE lower(table_schema) = lower(?) ORDER BY 1";
    }

    /** Lower-case name and engine type of each column of a table or view, in order; binds: schema, table. */
    protected String describeTableSql() {
        return "SELECT lower(column_name), data_type FROM information_schema.columns"
                + " WHERE lower(table_schema) = lower(?) AND lower(table_name) = lower(?) ORDER BY ordinal_position";
    }

    @Override
    public List<String> listTables() {
        return queryList(listTablesSql(), List.of(schema()), row -> row.getString(0));
    }

    @Override
    public Optional<TableInfo> describeTable(String table) {
        List<TableInfo.ColumnInfo> columns = queryList(describeTableSql(), List.of(schema(), table),
                row -> new TableInfo.ColumnInfo(row.getString(0), row.getString(1), dialect.neutralType(row.getString(1))));
        return columns.isEmpty() ? Optional.empty() : Optional.of(new TableInfo(table.toLowerCase(Locale.ROOT), columns));
    }

    private void bind(PreparedStatement ps, List<?> binds) throws SQLException {
        for (int i = 0; i < binds.size(); i++) {
            ps.setObject(i + 1, toJdbc(binds.get(i)));
        }
    }

    /** The value handed to {@code setObject}; engines whose drivers lack java.time support override it. */
    protected Object toJdbc(Object value) {
        if (value instanceof Instant instant) {
            // TIMESTAMP columns hold UTC wall-clock time, whatever the JVM's zone.
            return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        }
        if (value instanceof LocalDate date) {
            return java.sql.Date.valueOf(date);
        }
        return value;
    }

    /** A warehouse error with the engine's message and the statement that caused it. */
    protected WarehouseException failure(String sql, Exception e) {
        return new WarehouseException("warehouse '" + name + "' (" + dialect.name() + "): " + e.getMessage() + WarehouseException.where(sql), e);
    }

    /**
     * As {@link #failure(String, Exception)}, or a timeout when the statement had a limit and failed once it
     * had passed: drivers report the cancel differently (DuckDB "Interrupted", Postgres SQLState 57014).
     */
    private WarehouseException failure(String sql, SQLException e, Duration limit, long startNanos) {
        if (limit != null && (e instanceof SQLTimeoutException || System.nanoTime() - startNanos >= limit.toNanos())) {
            return new WarehouseTimeoutException("warehouse '" + name + "' (" + dialect.name() + "): stopped after the "
                    + LimitedWarehouse.seconds(limit) + " s limit for interactive queries" + WarehouseException.where(sql), limit, e);
        }
        return failure(sql, e);
    }

    /**
     * A bulk writer on a connection of its own, the part every JDBC engine's bulk path shares: it checks each
     * row's width, counts the rows written, and on close finishes the load and returns the connection. An
     * engine's writer says how to write a row and how to finish; errors name the step ({@code writeStep},
     * {@code finishStep}) as the statement.
     */
    protected abstract class ConnectionBulkWriter implements BulkWriter {
        protected final String table;
        private final Connection connection;
        private final int width;
        private final String writeStep;
        private final String finishStep;
        private long rows;

        protected ConnectionBulkWriter(String table, Connection connection, int width, String writeStep, String finishStep) {
            this.table = table;
            this.connection = connection;
            this.width = width;
            this.writeStep = writeStep;
            this.finishStep = finishStep;
        }

        /** Writes one row of the right width; a value it cannot write fails before any of the row is written. */
        protected abstract void write(Object[] values) throws SQLException;

        /** Completes the load (commits its rows); the connection is closed after it. */
        protected abstract void finish() throws SQLException;

        @Override
        public final void append(Object... values) {
            if (values.length != width) {
                throw CsvRows.wrongWidth(table, values.length, width);
            }
            try {
                write(values);
            } catch (SQLException e) {
                throw failure(writeStep, e);
            }
            rows++;
        }

        @Override
        public final long rowCount() {
            return rows;
        }

        @Override
        public final void close() {
            try (connection) {
                finish();
            } catch (SQLException e) {
                throw failure(finishStep, e);
            }
        }
    }

    /** Lists in SQL text are built from bind markers, never from values. */
    protected static String markers(int count) {
        List<String> m = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            m.add("?");
        }
        return String.join(", ", m);
    }
}
