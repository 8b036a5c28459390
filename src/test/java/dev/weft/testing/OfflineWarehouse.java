package dev.weft.testing;

import dev.weft.WeftException;
import dev.weft.warehouse.BulkWriter;
import dev.weft.warehouse.CsvRows;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.Row;
import dev.weft.warehouse.RowHandler;
import dev.weft.warehouse.TableInfo;
import dev.weft.warehouse.Warehouse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A warehouse for tests that sends nothing: each statement Weft would send is {@linkplain #check checked} (analyzed or
 * parsed for one engine) and recorded, in run order. Queries answer no rows unless the test {@linkplain #answer says
 * otherwise}, which is how a test walks a data-dependent branch (one more round, an incremental run); bulk loads check
 * the table and its columns and keep nothing. The catalogue is the subclass's, kept from the DDL it checked.
 */
public abstract class OfflineWarehouse implements Warehouse {

    private final Dialect dialect;
    private final List<Answer> answers = new ArrayList<>();
    private final List<Sent> sent = new ArrayList<>();

    /** A statement (or script) as it would have been sent, with its bind values. */
    public record Sent(String sql, List<Object> binds) {
    }

    private record Answer(Predicate<String> matches, List<List<Object>> rows) {
    }

    protected OfflineWarehouse(Dialect dialect) {
        this.dialect = dialect;
    }

    /** Checks one statement as the engine would receive it; throws a warehouse error when the engine would refuse it. */
    protected abstract void check(String sql, List<?> binds);

    /** Checks a list of statements that run together, in order; one by one by default. */
    protected void checkAll(List<String> statements) {
        statements.forEach(s -> check(s, List.of()));
    }

    /** Makes the queries whose text {@code matches} answer these rows (the first matching answer wins). */
    @SafeVarargs
    public final void answer(Predicate<String> matches, List<Object>... rows) {
        answers.add(new Answer(matches, List.of(rows)));
    }

    /** Every statement checked, in order. */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    @Override
    public String name() {
        return "offline";
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public long execute(String sql, Object... binds) {
        record(sql, Arrays.asList(binds));
        check(sql, Arrays.asList(binds));
        return 0;
    }

    @Override
    public void executeAll(List<String> statements) {
        statements.forEach(s -> record(s, List.of()));
        checkAll(statements);
    }

    @Override
    public void query(String sql, List<?> binds, RowHandler handler) {
        record(sql, binds);
        check(sql, binds);
        for (Answer answer : answers) {
            if (answer.matches().test(sql)) {
                answer.rows().forEach(row -> handler.handle(new ListRow(row)));
                return;
            }
        }
    }

    private void record(String sql, List<?> binds) {
        sent.add(new Sent(sql, Collections.unmodifiableList(new ArrayList<>(binds))));
    }

    @Override
    public BulkWriter bulkWriter(String table, List<String> columns) {
        TableInfo existing = describeTable(table).orElseThrow(() ->
                new WeftException("bulk load into " + table + ": no such table in warehouse '" + name() + "'"));
        for (String column : columns) {
            existing.column(column).orElseThrow(() -> new WeftException("bulk load into " + table + ": no column " + column));
        }
        return new BulkWriter() {
            private long rows;

            @Override
            public void append(Object... values) {
                if (values.length != columns.size()) {
                    throw CsvRows.wrongWidth(table, values.length, columns.size());
                }
                rows++;
            }

            @Override
            public long rowCount() {
                return rows;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public Warehouse withQueryTimeout(Duration limit) {
        return this;
    }

    @Override
    public void close() {
    }

    /** Optional.empty() where the catalogue lacks the table. */
    @Override
    public abstract Optional<TableInfo> describeTable(String table);

    private record ListRow(List<Object> values) implements Row {
        @Override
        public int columnCount() {
            return values.size();
        }

        @Override
        public String columnName(int index) {
            return "c" + index;
        }

        @Override
        public Object getObject(int index) {
            return values.get(index);
        }
    }
}
