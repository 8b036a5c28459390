package dev.weft.warehouse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The customer's warehouse, where every heavy step of Weft runs as set-based SQL. One implementation
 * per engine; callers use only this interface and {@link #dialect()} for what differs between engines.
 *
 * <p>Unqualified table names resolve in the warehouse's configured schema (DuckDB {@code main},
 * Postgres {@code search_path}, Snowflake's session schema, BigQuery's default dataset), so the same
 * statement text runs everywhere. Values always travel as bind parameters ({@code ?}).
 */
public interface Warehouse extends AutoCloseable {

    /** The name this warehouse has under {@code weft.warehouses}. */
    String name();

    Dialect dialect();

    /** Runs one statement with bind values; returns rows affected where the engine reports it, else -1. */
    long execute(String sql, Object... binds);

    /** Runs statements in order, as one transaction where the engine has transactional DDL. */
    void executeAll(List<String> statements);

    /** Streams a query's rows to the handler; rows are not held in memory beyond the current one. */
    void query(String sql, List<?> binds, RowHandler handler);

    /** Collects a (small) query result, one mapped value per row. */
    default <T> List<T> queryList(String sql, List<?> binds, RowMapper<T> mapper) {
        List<T> out = new ArrayList<>();
        query(sql, binds, row -> out.add(mapper.map(row)));
        return out;
    }

    /** The first column of the first row as a long, if there is a row and it is not null. */
    default Optional<Long> queryLong(String sql, Object... binds) {
        List<Long> values = queryList(sql, java.util.Arrays.asList(binds), row -> row.getLong(0));
        return values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    /**
     * Opens a bulk writer that appends rows to an existing table by the engine's fastest path
     * (DuckDB Appender, Postgres COPY, Snowflake PUT + COPY INTO, BigQuery load job). Rows are
     * committed when the writer is closed.
     */
    BulkWriter bulkWriter(String table, List<String> columns);

    /** Creates a table with the given columns, replacing an existing one when {@code replace}. */
    default void createTable(String table, List<Column> columns, boolean replace) {
        executeAll(dialect().createTable(table, columns, replace));
    }

    /**
     * This warehouse with a time limit on every statement: one that runs longer is cancelled in the engine
     * (freeing its connection) and fails with {@link WarehouseTimeoutException}. For the reads behind
     * interactive requests, so one expensive request cannot hold a connection for minutes. The returned
     * view shares this warehouse's connections; closing it closes nothing.
     */
    Warehouse withQueryTimeout(Duration limit);

    /** Tables (and views) in the warehouse's schema, lower-case names, sorted. */
    List<String> listTables();

    /** The columns of a table or view, in order, or empty when it does not exist. */
    Optional<TableInfo> describeTable(String table);

    default boolean tableExists(String table) {
        return describeTable(table).isPresent();
    }

    /** The file an embedded engine keeps the warehouse in; empty for a server or an in-memory database. */
    default Optional<Path> file() {
        return Optional.empty();
    }

    @Override
    void close();
}
