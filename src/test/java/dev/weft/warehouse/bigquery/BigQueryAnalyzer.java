package dev.weft.warehouse.bigquery;

import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.zetasql.Analyzer;
import com.google.zetasql.AnalyzerOptions;
import com.google.zetasql.LanguageOptions;
import com.google.zetasql.ParseResumeLocation;
import com.google.zetasql.SimpleCatalog;
import com.google.zetasql.SimpleColumn;
import com.google.zetasql.SimpleTable;
import com.google.zetasql.SqlException;
import com.google.zetasql.Table;
import com.google.zetasql.Type;
import com.google.zetasql.TypeFactory;
import com.google.zetasql.ZetaSQLBuiltinFunctionOptions;
import com.google.zetasql.ZetaSQLOptions.LanguageFeature;
import com.google.zetasql.ZetaSQLOptions.ParameterMode;
import com.google.zetasql.ZetaSQLOptions.ProductMode;
import com.google.zetasql.ZetaSQLResolvedNodeKind.ResolvedNodeKind;
import com.google.zetasql.ZetaSQLType.TypeKind;
import com.google.zetasql.resolvedast.ResolvedCreateStatementEnums.CreateScope;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedAddColumnAction;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedAlterTableStmt;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedBeginStmt;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedCommitStmt;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedCreateStatement;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedRollbackStmt;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedColumnDefinition;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedCreateTableAsSelectStmt;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedCreateTableStmt;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedCreateViewStmt;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedDropStmt;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedOutputColumn;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedRenameToAction;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedStatement;
import com.google.zetasql.resolvedast.ResolvedNodes.ResolvedTableScan;
import dev.weft.warehouse.WarehouseException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * BigQuery's own SQL analyzer (ZetaSQL) over a catalog of the dataset's tables, kept up to date from the DDL it
 * analyzes: each statement is resolved as BigQuery would resolve it (names, types, function signatures) against the
 * tables that exist at that point of the run, and a CREATE, DROP or rename then changes the catalog. Nothing runs.
 */
final class BigQueryAnalyzer {

    /**
     * The language features BigQuery supports, not ZetaSQL's maximum set: GoogleSQL as BigQuery documents it
     * (https://cloud.google.com/bigquery/docs/reference/standard-sql/query-syntax and the function reference), the
     * same list Google's zetasql-toolkit uses for BigQuery, trimmed to what a query or DDL statement can use.
     */
    private static final Set<LanguageFeature> BIGQUERY_FEATURES = Set.of(
            LanguageFeature.FEATURE_ANALYTIC_FUNCTIONS,
            LanguageFeature.FEATURE_BIGNUMERIC_TYPE,
            LanguageFeature.FEATURE_NUMERIC_TYPE,
            LanguageFeature.FEATURE_JSON_TYPE,
            LanguageFeature.FEATURE_JSON_ARRAY_FUNCTIONS,
            LanguageFeature.FEATURE_JSON_VALUE_EXTRACTION_FUNCTIONS,
            // JSON_OBJECT, JSON_ARRAY: https://cloud.google.com/bigquery/docs/reference/standard-sql/json_functions#json_object
            LanguageFeature.FEATURE_JSON_CONSTRUCTOR_FUNCTIONS,
            LanguageFeature.FEATURE_INTERVAL_TYPE,
            LanguageFeature.FEATURE_GEOGRAPHY,
            LanguageFeature.FEATURE_NAMED_ARGUMENTS,
            LanguageFeature.FEATURE_PARAMETERIZED_TYPES,
            LanguageFeature.FEATURE_TABLESAMPLE,
            LanguageFeature.FEATURE_TIMESTAMP_NANOS,
            LanguageFeature.FEATURE_DML_UPDATE_WITH_JOIN,
            LanguageFeature.FEATURE_CREATE_TABLE_AS_SELECT_COLUMN_LIST,
            LanguageFeature.FEATURE_CREATE_TABLE_CLONE,
            LanguageFeature.FEATURE_CREATE_TABLE_COPY,
            LanguageFeature.FEATURE_CREATE_TABLE_CLUSTER_BY,
            LanguageFeature.FEATURE_CREATE_TABLE_PARTITION_BY,
            LanguageFeature.FEATURE_CREATE_TABLE_LIKE,
            LanguageFeature.FEATURE_CREATE_TABLE_NOT_NULL,
            LanguageFeature.FEATURE_CREATE_VIEW_WITH_COLUMN_LIST,
            LanguageFeature.FEATURE_UNENFORCED_PRIMARY_KEYS,
            LanguageFeature.FEATURE_V_1_1_HAVING_IN_AGGREGATE,
            LanguageFeature.FEATURE_V_1_1_LIMIT_IN_AGGREGATE,
            LanguageFeature.FEATURE_V_1_1_NULL_HANDLING_MODIFIER_IN_AGGREGATE,
            LanguageFeature.FEATURE_V_1_1_NULL_HANDLING_MODIFIER_IN_ANALYTIC,
            LanguageFeature.FEATURE_V_1_1_ORDER_BY_IN_AGGREGATE,
            LanguageFeature.FEATURE_V_1_1_SELECT_STAR_EXCEPT_REPLACE,
            // "The full SELECT syntax is valid in subqueries": https://cloud.google.com/bigquery/docs/reference/standard-sql/subqueries
            LanguageFeature.FEATURE_V_1_1_WITH_ON_SUBQUERY,
            LanguageFeature.FEATURE_V_1_2_CIVIL_TIME,
            LanguageFeature.FEATURE_V_1_2_SAFE_FUNCTION_CALL,
            LanguageFeature.FEATURE_V_1_2_WEEK_WITH_WEEKDAY,
            LanguageFeature.FEATURE_V_1_3_ADDITIONAL_STRING_FUNCTIONS,
            LanguageFeature.FEATURE_V_1_3_ALLOW_DASHES_IN_TABLE_NAME,
            LanguageFeature.FEATURE_V_1_3_ALLOW_REGEXP_EXTRACT_OPTIONALS,
            LanguageFeature.FEATURE_V_1_3_CONCAT_MIXED_TYPES,
            LanguageFeature.FEATURE_V_1_3_DATE_ARITHMETICS,
            LanguageFeature.FEATURE_V_1_3_DATE_TIME_CONSTRUCTORS,
            LanguageFeature.FEATURE_V_1_3_DECIMAL_ALIAS,
            LanguageFeature.FEATURE_V_1_3_EXTENDED_DATE_TIME_SIGNATURES,
            LanguageFeature.FEATURE_V_1_3_FORMAT_IN_CAST,
            LanguageFeature.FEATURE_V_1_3_IS_DISTINCT,
            LanguageFeature.FEATURE_V_1_3_LIKE_ANY_SOME_ALL,
            LanguageFeature.FEATURE_V_1_3_NULLS_FIRST_LAST_IN_ORDER_BY,
            LanguageFeature.FEATURE_V_1_3_OMIT_INSERT_COLUMN_LIST,
            LanguageFeature.FEATURE_V_1_3_PIVOT,
            LanguageFeature.FEATURE_V_1_3_UNPIVOT,
            LanguageFeature.FEATURE_V_1_3_QUALIFY,
            LanguageFeature.FEATURE_V_1_3_UNNEST_AND_FLATTEN_ARRAYS,
            LanguageFeature.FEATURE_V_1_3_WITH_RECURSIVE);

    /** The statement kinds a BigQuery query job accepts that Weft could send (DDL, DML, queries, transactions). */
    private static final Set<ResolvedNodeKind> BIGQUERY_STATEMENTS = Set.of(
            ResolvedNodeKind.RESOLVED_QUERY_STMT,
            ResolvedNodeKind.RESOLVED_INSERT_STMT,
            ResolvedNodeKind.RESOLVED_UPDATE_STMT,
            ResolvedNodeKind.RESOLVED_DELETE_STMT,
            ResolvedNodeKind.RESOLVED_MERGE_STMT,
            ResolvedNodeKind.RESOLVED_TRUNCATE_STMT,
            ResolvedNodeKind.RESOLVED_CREATE_TABLE_STMT,
            ResolvedNodeKind.RESOLVED_CREATE_TABLE_AS_SELECT_STMT,
            ResolvedNodeKind.RESOLVED_CREATE_VIEW_STMT,
            ResolvedNodeKind.RESOLVED_CREATE_SCHEMA_STMT,
            ResolvedNodeKind.RESOLVED_DROP_STMT,
            ResolvedNodeKind.RESOLVED_ALTER_TABLE_STMT,
            ResolvedNodeKind.RESOLVED_BEGIN_STMT,
            ResolvedNodeKind.RESOLVED_COMMIT_STMT,
            ResolvedNodeKind.RESOLVED_ROLLBACK_STMT);

    private final LanguageOptions language = new LanguageOptions();
    private final SimpleCatalog catalog = new SimpleCatalog("dataset");
    /** The dataset's tables and views by lower-case name, with their columns (the catalog holds the same). */
    private final Map<String, SimpleTable> tables = new LinkedHashMap<>();
    /** Every table and view the run ever made, by lower-case name, with its last columns (dropped ones too). */
    private final Map<String, List<SimpleColumn>> history = new LinkedHashMap<>();
    /** Between BEGIN TRANSACTION and COMMIT (or ROLLBACK) of the script being analyzed. */
    private boolean inTransaction;

    BigQueryAnalyzer() {
        language.setProductMode(ProductMode.PRODUCT_EXTERNAL);
        language.setEnabledLanguageFeatures(BIGQUERY_FEATURES);
        language.setSupportedStatementKinds(BIGQUERY_STATEMENTS);
        language.enableReservableKeyword("QUALIFY");
        catalog.addZetaSQLFunctionsAndTypes(new ZetaSQLBuiltinFunctionOptions(language));
        // BigQuery's aliases of INT64, which its catalogue (not the language) provides:
        // https://cloud.google.com/bigquery/docs/reference/standard-sql/data-types#integer_types
        for (String alias : List.of("INT", "SMALLINT", "INTEGER", "BIGINT", "TINYINT", "BYTEINT")) {
            catalog.addType(alias, TypeFactory.createSimpleType(TypeKind.TYPE_INT64));
        }
    }

    /**
     * Analyzes a statement or a script (several statements separated by semicolons, as a BigQuery script is) with its
     * bind values, in order, updating the catalog after each; fails with the analyzer's message and the statement.
     */
    void analyze(String sql, List<?> binds) {
        BigQueryStatements.Bound bound = BigQueryStatements.bindNulls(sql, binds);
        AnalyzerOptions options = new AnalyzerOptions();
        options.setLanguageOptions(language);
        options.setParameterMode(ParameterMode.PARAMETER_POSITIONAL);
        options.setDefaultTimezone("UTC");
        for (Object value : bound.parameters()) {
            options.addPositionalQueryParameter(typeOf(value));
        }
        inTransaction = false; // each script starts outside a transaction
        ParseResumeLocation location = new ParseResumeLocation(bound.sql());
        byte[] bytes = bound.sql().getBytes(StandardCharsets.UTF_8);
        // A script's statements one by one, as BigQuery runs them: each sees the tables the ones before made.
        while (!new String(bytes, location.getBytePosition(), bytes.length - location.getBytePosition(), StandardCharsets.UTF_8).isBlank()) {
            ResolvedStatement statement;
            try {
                statement = Analyzer.analyzeNextStatement(location, options, catalog);
            } catch (SqlException e) {
                throw new WarehouseException("bigquery analyzer: " + e.getMessage() + WarehouseException.where(bound.sql()), e);
            }
            if (statement instanceof ResolvedBeginStmt) {
                inTransaction = true;
            } else if (statement instanceof ResolvedCommitStmt || statement instanceof ResolvedRollbackStmt) {
                inTransaction = false;
            } else if (inTransaction && isPermanentDdl(statement)) {
                // The analyzer does not know this rule of BigQuery's transactions:
                // https://cloud.google.com/bigquery/docs/transactions#statements_supported_in_transactions
                throw new WarehouseException("bigquery analyzer: DDL on a permanent table is not allowed in a transaction"
                        + WarehouseException.where(bound.sql()), null);
            }
            apply(statement);
        }
    }

    /** The columns a table had when the run last made it, even if it was dropped since. */
    Optional<List<SimpleColumn>> everMade(String table) {
        return Optional.ofNullable(history.get(table.toLowerCase(Locale.ROOT)));
    }

    /** The dataset's tables and views, lower-case names. */
    List<String> tableNames() {
        return tables.keySet().stream().sorted().toList();
    }

    /** A table's columns (lower-case name and ZetaSQL type), if it exists. */
    Optional<List<SimpleColumn>> columns(String table) {
        return Optional.ofNullable(tables.get(table.toLowerCase(Locale.ROOT))).map(SimpleTable::getColumnList);
    }

    /** CREATE, DROP and ALTER of anything but a temporary table. */
    private static boolean isPermanentDdl(ResolvedStatement statement) {
        if (statement instanceof ResolvedCreateStatement create) {
            return create.getCreateScope() != CreateScope.CREATE_TEMP;
        }
        return statement instanceof ResolvedDropStmt || statement instanceof ResolvedAlterTableStmt;
    }

    private void apply(ResolvedStatement statement) {
        if (statement instanceof ResolvedCreateTableAsSelectStmt s) {
            put(last(s.getNamePath()), outputColumns(last(s.getNamePath()), s.getOutputColumnList()));
        } else if (statement instanceof ResolvedCreateTableStmt s) {
            String name = last(s.getNamePath());
            if (s.getCopyFrom() instanceof ResolvedTableScan scan) {
                put(name, copyColumns(name, scan.getTable()));
            } else if (s.getCloneFrom() instanceof ResolvedTableScan scan) {
                put(name, copyColumns(name, scan.getTable()));
            } else {
                List<SimpleColumn> columns = new ArrayList<>();
                for (ResolvedColumnDefinition c : s.getColumnDefinitionList()) {
                    columns.add(new SimpleColumn(name, c.getName(), c.getType()));
                }
                put(name, columns);
            }
        } else if (statement instanceof ResolvedCreateViewStmt s) {
            put(last(s.getNamePath()), outputColumns(last(s.getNamePath()), s.getOutputColumnList()));
        } else if (statement instanceof ResolvedDropStmt s) {
            remove(last(s.getNamePath()));
        } else if (statement instanceof ResolvedAlterTableStmt s) {
            for (var action : s.getAlterActionList()) {
                if (action instanceof ResolvedAddColumnAction add) {
                    String name = last(s.getNamePath());
                    List<SimpleColumn> columns = copyColumns(name, tables.get(name.toLowerCase(Locale.ROOT)));
                    columns.add(new SimpleColumn(name, add.getColumnDefinition().getName(), add.getColumnDefinition().getType()));
                    put(name, columns);
                } else if (action instanceof ResolvedRenameToAction rename) {
                    SimpleTable old = tables.get(last(s.getNamePath()).toLowerCase(Locale.ROOT));
                    String to = last(rename.getNewPath());
                    put(to, copyColumns(to, old));
                    remove(last(s.getNamePath()));
                }
            }
        }
    }

    private static List<SimpleColumn> outputColumns(String table, List<ResolvedOutputColumn> output) {
        List<SimpleColumn> columns = new ArrayList<>();
        for (ResolvedOutputColumn c : output) {
            columns.add(new SimpleColumn(table, c.getName(), c.getColumn().getType()));
        }
        return columns;
    }

    private static List<SimpleColumn> copyColumns(String table, Table from) {
        List<SimpleColumn> columns = new ArrayList<>();
        for (int i = 0; i < from.getColumnCount(); i++) {
            columns.add(new SimpleColumn(table, from.getColumn(i).getName(), from.getColumn(i).getType()));
        }
        return columns;
    }

    private void put(String name, List<SimpleColumn> columns) {
        remove(name);
        SimpleTable table = new SimpleTable(name);
        columns.forEach(table::addSimpleColumn);
        tables.put(name.toLowerCase(Locale.ROOT), table);
        history.put(name.toLowerCase(Locale.ROOT), List.copyOf(columns));
        catalog.addSimpleTable(table);
    }

    private void remove(String name) {
        SimpleTable old = tables.remove(name.toLowerCase(Locale.ROOT));
        if (old != null) {
            catalog.removeSimpleTable(old);
        }
    }

    private static String last(List<String> path) {
        return path.get(path.size() - 1);
    }

    /** The parameter type BigQueryWarehouse sends for a Java value, as ZetaSQL's type. */
    private static Type typeOf(Object value) {
        StandardSQLTypeName type = BigQueryWarehouse.parameter(value).getType();
        TypeKind kind = switch (type) {
            case STRING -> TypeKind.TYPE_STRING;
            case INT64 -> TypeKind.TYPE_INT64;
            case FLOAT64 -> TypeKind.TYPE_DOUBLE;
            case BOOL -> TypeKind.TYPE_BOOL;
            case NUMERIC -> TypeKind.TYPE_NUMERIC;
            case TIMESTAMP -> TypeKind.TYPE_TIMESTAMP;
            case DATE -> TypeKind.TYPE_DATE;
            default -> throw new IllegalArgumentException("no ZetaSQL type for a BigQuery " + type + " parameter");
        };
        return TypeFactory.createSimpleType(kind);
    }
}
