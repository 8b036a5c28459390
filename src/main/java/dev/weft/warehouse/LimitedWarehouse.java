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

    /**
     * An engine's warehouse whose statement runners take a time limit (null: none); the plain runners and
     * {@link #withQueryTimeout} follow from them.
     */
    public interface Statements extends Warehouse {
        long execute(Duration limit, String sql, Object... binds);

        void executeAll(Duration limit, List<String> statements);

        void query(Duration limit, String sql, List<?> binds, RowHandler handler);

        @Override
        default long execute(String sql, Object... binds) {
            return execute(null, sql, binds);
        }

        @Override
        default void executeAll(List<String> statements) {
            executeAll(null, statements);
        }

        @Override
        default void query(String sql, List<?> binds, RowHandler handler) {
            query(null, sql, binds, handler);
        }

        @Override
        default Warehouse withQueryTimeout(Duration limit) {
            return new LimitedWarehouse(this, limit);
        }
    }

    private final Statements warehouse;
    private final Duration limit;

    LimitedWarehouse(Statements warehouse, Duration limit) {
        if (limit == null || limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("a query time limit must be positive, not " + limit);
        }
        this.warehouse = warehouse;
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
        return warehouse.execute(limit, sql, binds);
    }

    @Override
    public void executeAll(List<String> list) {
        warehouse.executeAll(limit, list);
    }

    @Override
    public void query(String sql, List<?> binds, RowHandler handler) {
        warehouse.query(limit, sql, binds, handler);
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
