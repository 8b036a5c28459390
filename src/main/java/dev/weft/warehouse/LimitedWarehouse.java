package dev.weft.warehouse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A warehouse seen through {@link Warehouse#withQueryTimeout}: every statement runs with the time limit;
 * everything else, connections included, is the warehouse's own.
 */
public final class LimitedWarehouse implements Warehouse {

    /** The statement runners of an engine, with a time limit (null: none). */
    public interface Statements {
        long execute(Duration limit, String sql, Object... binds);

        void executeAll(Duration limit, List<String> statements);

        void query(Duration limit, String sql, List<?> binds, RowHandler handler);
    }

    private final Warehouse warehouse;
    private final Statements statements;
    private final Duration limit;

    public LimitedWarehouse(Warehouse warehouse, Statements statements, Duration limit) {
        if (limit == null || limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("a query time limit must be positive, not " + limit);
        }
        this.warehouse = warehouse;
        this.statements = statements;
        this.limit = limit;
    }

    /** A limit in the whole seconds JDBC counts in, rounded up. */
    public static int seconds(Duration limit) {
        return (int) Math.max(1, (limit.toMillis() + 999) / 1000);
    }

    @Override
    public String name() {
        return warehouse.name();
    }

    @Override
    public Dialect dialect() {
        return warehouse.dialect();
    }

    @Override
    public long execute(String sql, Object... binds) {
        return statements.execute(limit, sql, binds);
    }

    @Override
    public void executeAll(List<String> list) {
        statements.executeAll(limit, list);
    }

    @Override
    public void query(String sql, List<?> binds, RowHandler handler) {
        statements.query(limit, sql, binds, handler);
    }

    @Override
    public BulkWriter bulkWriter(String table, List<String> columns) {
        return warehouse.bulkWriter(table, columns);
    }

    @Override
    public Warehouse withQueryTimeout(Duration other) {
        return warehouse.withQueryTimeout(other);
    }

    @Override
    public List<String> listTables() {
        return warehouse.listTables();
    }

    @Override
    public Optional<TableInfo> describeTable(String table) {
        return warehouse.describeTable(table);
    }

    @Override
    public Optional<Path> file() {
        return warehouse.file();
    }

    @Override
    public void close() {
        // A view: the warehouse it belongs to owns and closes the connections.
    }
}
