package dev.weft.warehouse.bigquery;

import com.google.zetasql.SimpleColumn;
import com.google.zetasql.ZetaSQLOptions.ProductMode;
import dev.weft.testing.OfflineWarehouse;
import dev.weft.warehouse.TableInfo;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A BigQuery warehouse for tests that sends nothing: every statement is analyzed by {@link BigQueryAnalyzer}
 * (BigQuery's own analyzer) against the tables the run has made so far, exactly as {@link BigQueryWarehouse} would
 * send it (statement lists as one script, null binds as NULL literals, the rest as typed positional parameters).
 * A statement the analyzer rejects fails as a warehouse error would.
 */
public final class AnalyzedBigQueryWarehouse extends OfflineWarehouse {

    private final BigQueryAnalyzer analyzer = new BigQueryAnalyzer();

    public AnalyzedBigQueryWarehouse() {
        super(new BigQueryDialect());
    }

    @Override
    protected void check(String sql, List<?> binds) {
        analyzer.analyze(sql, binds);
    }

    @Override
    protected void checkAll(List<String> statements) {
        if (!statements.isEmpty()) {
            analyzer.analyze(BigQueryStatements.script(statements), List.of());
        }
    }

    @Override
    public List<String> listTables() {
        return analyzer.tableNames();
    }

    @Override
    public Optional<TableInfo> describeTable(String table) {
        return analyzer.columns(table).map(columns -> info(table, columns));
    }

    /**
     * A table as the run last made it, even if it was dropped since: the columns of Weft's tables are the same on every
     * engine, so this is the catalogue for an engine that has no analyzer of its own (Snowflake).
     */
    public Optional<TableInfo> describeEverMade(String table) {
        return analyzer.everMade(table).map(columns -> info(table, columns));
    }

    private TableInfo info(String table, List<SimpleColumn> columns) {
        return new TableInfo(table.toLowerCase(Locale.ROOT), columns.stream().map(c -> {
            String type = c.getType().typeName(ProductMode.PRODUCT_EXTERNAL);
            return new TableInfo.ColumnInfo(c.getName().toLowerCase(Locale.ROOT), type, dialect().neutralType(type));
        }).toList());
    }
}
