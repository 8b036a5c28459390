package dev.weft.warehouse.bigquery;

import com.google.zetasql.SimpleColumn;
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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A BigQuery warehouse for tests that sends nothing: every statement Weft would send is analyzed by
 * {@link BigQueryAnalyzer} (BigQuery's own analyzer) against the tables the run has made so far, exactly as the
 * {@link BigQueryWarehouse} would send it (statement lists as one script, null binds as NULL literals, the rest as
 * typed positional parameters). A statement the analyzer rejects fails as a warehouse error would.
 *
 * <p>Queries answer no rows unless the test {@linkplain #answer says otherwise}, which is how a test walks a
 * data-dependent branch (one more connected-components round); bulk loads check the table and its columns and keep
 * nothing. The catalogue ({@link #listTables}, {@link #describeTable}) is the analyzer's.
 */
final class AnalyzedBigQueryWarehouse implements Warehouse {

    private final BigQueryDialect dialect = new BigQueryDialect();
    private final BigQueryAnalyzer analyzer;
    private final List<Answer> answers = new ArrayList<>();
    private final List<Sent> sent = new ArrayList<>();

    /** A statement (or script) as it would have been sent, with its bind values. */
    record Sent(String sql, List<Object> binds) {
    }

    AnalyzedBigQueryWarehouse(BigQueryAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    private record Answer(Predicate<String> matches, List<List<Object>> rows) {
    }

    /** Makes the queries whose text {@code matches} answer these rows (the first matching answer wins). */
    @SafeVarargs
    final void answer(Predicate<String> matches, List<Object>... rows) {
        answers.add(new Answer(matches, List.of(rows)));
    }

    /** Every statement analyzed, in order. */
    List<Sent> sent() {
        return List.copyOf(sent);
    }

    @Override
    public String name() {
        return "analyzed";
    }

    @Override
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public long execute(String sql, Object... binds) {
        analyze(sql, java.util.Arrays.asList(binds));
        return 0;
    }

    @Override
    public void executeAll(List<String> statements) {
        if (!statements.isEmpty()) {
            analyze(BigQueryStatements.script(statements), List.of());
        }
    }

    @Override
    public void query(String sql, List<?> binds, RowHandler handler) {
        analyze(sql, binds);
        for (Answer answer : answers) {
            if (answer.matches().test(sql)) {
                answer.rows().forEach(row -> handler.handle(new ListRow(row)));
                return;
            }
        }
    }

    private void analyze(String sql, List<?> binds) {
        analyzer.analyze(sql, binds);
        sent.add(new Sent(sql, java.util.Collections.unmodifiableList(new ArrayList<>(binds))));
    }

    @Override
    public BulkWriter bulkWriter(String table, List<String> columns) {
        List<SimpleColumn> existing = analyzer.columns(table).orElseThrow(() ->
                new WeftException("bulk load into " + table + ": no such table in warehouse '" + name() + "'"));
        for (String column : columns) {
            if (existing.stream().noneMatch(c -> c.getName().equalsIgnoreCase(column))) {
                throw new WeftException("bulk load into " + table + ": no column " + column);
            }
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
    public List<String> listTables() {
        return analyzer.tableNames();
    }

    @Override
    public Optional<TableInfo> describeTable(String table) {
        return analyzer.columns(table).map(columns -> new TableInfo(table.toLowerCase(Locale.ROOT), columns.stream()
                .map(c -> {
                    String type = c.getType().typeName(com.google.zetasql.ZetaSQLOptions.ProductMode.PRODUCT_EXTERNAL);
                    return new TableInfo.ColumnInfo(c.getName().toLowerCase(Locale.ROOT), type, dialect.neutralType(type));
                }).toList()));
    }

    @Override
    public void close() {
    }

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
