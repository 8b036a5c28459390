package dev.weft.warehouse;

import org.jooq.SQLDialect;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders what differs between warehouse engines. Defaults are the ANSI forms that DuckDB, Postgres,
 * Snowflake and BigQuery share; each engine's dialect overrides only where it departs. Every method
 * returns SQL text with {@code ?} where values bind; identifiers pass through {@link #ident(String)}.
 */
public interface Dialect {

    Pattern PLAIN_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

    /** Words that must be quoted to be used as identifiers on at least one engine. */
    Set<String> RESERVED = Set.of("all", "and", "any", "as", "asc", "between", "by", "case", "cast", "check",
            "column", "constraint", "create", "cross", "current", "default", "delete", "desc", "distinct", "drop",
            "else", "end", "except", "exists", "false", "fetch", "for", "from", "full", "grant", "group", "having",
            "in", "inner", "insert", "intersect", "into", "is", "join", "lateral", "left", "like", "limit", "merge",
            "natural", "not", "null", "of", "on", "or", "order", "outer", "qualify", "right", "rows", "select",
            "set", "some", "table", "then", "to", "true", "union", "unique", "update", "using", "values", "when",
            "where", "window", "with", "user");

    /** Engine name as used in config and in {@code sql/} file suffixes: duckdb, postgres, snowflake, bigquery. */
    String name();

    /** Quotes an identifier unconditionally, escaping the quote character. */
    default String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * An identifier as it should appear in SQL: plain lower-case names that are not reserved stay
     * unquoted (so they resolve case-insensitively, which matters on Snowflake), anything else is quoted.
     */
    default String ident(String identifier) {
        String lower = identifier.toLowerCase(Locale.ROOT);
        if (identifier.equals(lower) && PLAIN_IDENTIFIER.matcher(identifier).matches() && !RESERVED.contains(lower)) {
            return identifier;
        }
        return quote(identifier);
    }

    /**
     * The name the engine gives a table created under {@code identifier}: the same, unless the engine
     * shortens long names (Postgres). Names from {@link WarehouseNames} are never shortened; this finds
     * tables older versions of Weft named without it.
     */
    default String storedName(String identifier) {
        return identifier;
    }

    /** The engine's name for a neutral column type. */
    String typeName(ColumnType type);

    /**
     * The column type for text that rarely repeats (identifier values, profile IDs, row keys) in tables written
     * in bulk; the engine's VARCHAR unless it stores such text better another way.
     */
    default String valueTextType() {
        return typeName(ColumnType.VARCHAR);
    }

    /** A signed 64-bit hash of a text expression, deterministic across runs. */
    String hash64(String textExpr);

    /**
     * A signed 64-bit hash of several values together, in order (a sync's mapped fields, to tell changed rows):
     * NULL and empty text hash differently. By default the {@link #hash64} of their text joined with a separator.
     */
    default String hashValues(List<String> exprs) {
        return hash64(exprs.stream().map(e -> "COALESCE('v' || " + castToText(e) + ", 'n')")
                .collect(Collectors.joining(" || chr(30) || ")));
    }

    /**
     * A seeded 64-bit hash of a BIGINT expression, used only as a random priority (identity's
     * contraction rounds), so its sign and range do not matter, only that it is deterministic.
     */
    String hashBigint(String bigintExpr, long seed);

    /** The value of {@code valueExpr} on the row where {@code orderExpr} is smallest, as an aggregate. */
    default String minBy(String valueExpr, String orderExpr) {
        return "MIN_BY(" + valueExpr + ", " + orderExpr + ")";
    }

    /**
     * A text expression to order by in code-point order, whatever the warehouse's collation: an order every
     * engine agrees on (identity numbers its dictionary and lists profile IDs in it).
     */
    default String binaryOrder(String textExpr) {
        return textExpr;
    }

    /** The distinct-or-not values of a text column joined with commas, in their order, as an aggregate. */
    default String orderedStringAgg(String textExpr) {
        return "STRING_AGG(" + textExpr + ", ',' ORDER BY " + binaryOrder(textExpr) + ")";
    }

    /** Replaces every match of a regular expression (RE2/POSIX subset shared by all engines). */
    default String regexpReplaceAll(String textExpr, String patternExpr, String replacementExpr) {
        return "REGEXP_REPLACE(" + textExpr + ", " + patternExpr + ", " + replacementExpr + ")";
    }

    /** The text without any of the characters of {@code charactersExpr} at its start and its end. */
    default String trimCharacters(String textExpr, String charactersExpr) {
        return "TRIM(" + textExpr + ", " + charactersExpr + ")";
    }

    /** True when the regular expression matches anywhere in the text. */
    String regexpContains(String textExpr, String patternExpr);

    /** The lower-case hex SHA-256 of a text expression's UTF-8 bytes. */
    String sha256Hex(String textExpr);

    /**
     * A JSON object as text, from {@code keysAndValues}: comma-separated key and value expressions
     * ({@code 'a', x, 'b', y}); a NULL value stays in the object as JSON null.
     */
    String jsonObjectText(String keysAndValues);

    /**
     * A top-level property of a JSON document as text, NULL when it is missing. {@code keyExpr} binds
     * {@link #jsonPropertyKey} of the property's name; {@code jsonTyped} says whether the document's column has the
     * engine's JSON type (else it holds JSON text).
     */
    String jsonPropertyText(String jsonExpr, String keyExpr, boolean jsonTyped);

    /**
     * A whole JSON document as its JSON text; {@code jsonTyped} says whether the column has the engine's JSON type
     * (else it already holds JSON text). A cast by default.
     */
    default String jsonDocumentText(String jsonExpr, boolean jsonTyped) {
        return castToText(jsonExpr);
    }

    /** The bind value that names a top-level JSON property in {@link #jsonPropertyText}: the name itself by default. */
    default String jsonPropertyKey(String name) {
        return name;
    }

    /**
     * A JSON number written as text (no spaces, no inf/NaN), as a regular expression both DuckDB and Postgres read.
     * The patterns here avoid '?' and braces, which jOOQ's plain SQL templates would read as placeholders.
     */
    String JSON_NUMBER_PATTERN = "^(-|)(0|[1-9][0-9]*)([.][0-9]+|)([eE]([-+]|)[0-9]+|)$";
    /** Text ending in a UTC offset ({@code Z} or {@code +02:00}). */
    String UTC_OFFSET_PATTERN = "(Z|[+-][0-9][0-9]:[0-9][0-9])$";

    /**
     * Text read as {@code type} (DOUBLE, BOOLEAN or TIMESTAMP), NULL when it does not convert: a JSON property
     * compared as its type. Booleans are only {@code true} and {@code false}, as JSON writes them.
     */
    default String tryCastText(String textExpr, ColumnType type) {
        if (type == ColumnType.BOOLEAN) {
            return "(CASE " + textExpr + " WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END)";
        }
        return "TRY_CAST(" + textExpr + " AS " + typeName(type) + ")";
    }

    /** True when the text contains the other text. */
    default String containsText(String textExpr, String partExpr) {
        return "strpos(" + textExpr + ", " + partExpr + ") > 0";
    }

    /** True when the text starts with the other text. */
    default String startsWithText(String textExpr, String prefixExpr) {
        return "starts_with(" + textExpr + ", " + prefixExpr + ")";
    }

    /** Casts an expression to the engine's text type. */
    default String castToText(String expr) {
        return "CAST(" + expr + " AS " + typeName(ColumnType.VARCHAR) + ")";
    }

    default String currentTimestamp() {
        return "CURRENT_TIMESTAMP";
    }

    /**
     * The current time as a {@link ColumnType#TIMESTAMP} value: UTC, no zone (dbt's snapshot time). Within one
     * transaction it is the transaction's start on engines that have one, so every statement of a run sees the same.
     */
    default String currentUtcTimestamp() {
        return "CAST(CURRENT_TIMESTAMP AT TIME ZONE 'UTC' AS " + typeName(ColumnType.TIMESTAMP) + ")";
    }

    /** {@code tsExpr} plus {@code amountExpr} days (amount may be a bind {@code ?}); negative subtracts. */
    String addDays(String tsExpr, String amountExpr);

    default List<String> createTable(String table, List<Column> columns, boolean replace) {
        String cols = columns.stream().map(c -> ident(c.name()) + " " + typeName(c.type()))
                .collect(Collectors.joining(", "));
        String create = "CREATE " + (replace ? "OR REPLACE " : "") + "TABLE " + ident(table) + " (" + cols + ")";
        return List.of(create);
    }

    /** Creates (or replaces) a table from a query. */
    default List<String> createTableAs(String table, String select, boolean replace) {
        return List.of("CREATE " + (replace ? "OR REPLACE " : "") + "TABLE " + ident(table) + " AS " + select);
    }

    /** Creates or replaces a view. */
    default List<String> createOrReplaceView(String view, String select) {
        return List.of("CREATE OR REPLACE VIEW " + ident(view) + " AS " + select);
    }

    /** A table visible only to the current session, replaced if it exists. */
    default List<String> createTempTableAs(String table, String select) {
        return List.of("CREATE OR REPLACE TEMPORARY TABLE " + ident(table) + " AS " + select);
    }

    default String dropTableIfExists(String table) {
        return "DROP TABLE IF EXISTS " + ident(table);
    }

    default String dropViewIfExists(String view) {
        return "DROP VIEW IF EXISTS " + ident(view);
    }

    default String renameTable(String from, String to) {
        return "ALTER TABLE " + ident(from) + " RENAME TO " + ident(to);
    }

    /**
     * Replaces {@code target} (which may not exist yet) by the fully built table {@code staging}, so
     * readers see the old table or the new one, never a half-built one. The statements run through
     * {@link Warehouse#executeAll}, i.e. in one transaction where DDL is transactional.
     */
    default List<String> swapTable(String staging, String target) {
        return List.of(dropTableIfExists(target), renameTable(staging, target));
    }

    /**
     * One MERGE of a source query into a target on key columns: matched rows update
     * {@code updateColumns}, unmatched rows insert {@code insertColumns} (source and target share names).
     */
    default String merge(String target, String sourceSelect, List<String> keyColumns,
                         List<String> updateColumns, List<String> insertColumns) {
        String on = keyColumns.stream().map(k -> "t." + ident(k) + " = s." + ident(k))
                .collect(Collectors.joining(" AND "));
        StringBuilder sql = new StringBuilder()
                .append("MERGE INTO ").append(ident(target)).append(" AS t USING (").append(sourceSelect)
                .append(") AS s ON ").append(on);
        if (!updateColumns.isEmpty()) {
            sql.append(" WHEN MATCHED THEN UPDATE SET ").append(updateColumns.stream()
                    .map(c -> ident(c) + " = s." + ident(c)).collect(Collectors.joining(", ")));
        }
        sql.append(" WHEN NOT MATCHED THEN INSERT (")
                .append(insertColumns.stream().map(this::ident).collect(Collectors.joining(", ")))
                .append(") VALUES (")
                .append(insertColumns.stream().map(c -> "s." + ident(c)).collect(Collectors.joining(", ")))
                .append(")");
        return sql.toString();
    }

    /**
     * A set operator that keeps distinct rows ({@code UNION}, {@code EXCEPT}), as the engine spells it; plain by
     * default (Snowflake refuses an explicit {@code DISTINCT} there).
     */
    default String distinctSetOperator(String operator) {
        return operator;
    }

    /**
     * Where identity's work tables (rewritten every round, dropped at the end) go: the name prefix for them,
     * from Weft's own {@code prefix}. Plain tables in the warehouse's schema by default. An engine that keeps them
     * elsewhere says in {@link #prepareWorkTables()} how to make that place ready.
     */
    default String workTablePrefix(String prefix) {
        return prefix;
    }

    /** Statements to run before work tables are used (each time, so they must be idempotent); none by default. */
    default List<String> prepareWorkTables() {
        return List.of();
    }

    /**
     * The jOOQ dialect the audience compiler renders with. jOOQ's open-source edition has no Snowflake or BigQuery
     * dialect; for those its Postgres rendering of the portable core the compiler uses serves (golden tests pin it).
     */
    default SQLDialect jooqDialect() {
        return SQLDialect.POSTGRES;
    }

    /** Neutral type of an engine type name from the catalogue. */
    default ColumnType neutralType(String engineType) {
        String t = engineType.toUpperCase(Locale.ROOT);
        if (t.startsWith("BIGINT") || t.equals("INT64") || t.equals("INT8") || t.startsWith("HUGEINT")
                || t.equals("UBIGINT") || t.startsWith("NUMBER(38,0)") || t.equals("LONG")) {
            return ColumnType.BIGINT;
        }
        if (t.startsWith("INT") || t.equals("SMALLINT") || t.equals("TINYINT") || t.equals("INT4")
                || t.equals("INT2") || t.equals("UINTEGER")) {
            return ColumnType.INTEGER;
        }
        if (t.startsWith("DOUBLE") || t.startsWith("FLOAT") || t.startsWith("REAL") || t.startsWith("DECIMAL")
                || t.startsWith("NUMERIC") || t.startsWith("NUMBER") || t.equals("BIGNUMERIC")) {
            return ColumnType.DOUBLE;
        }
        if (t.startsWith("BOOL")) {
            return ColumnType.BOOLEAN;
        }
        if (t.startsWith("TIMESTAMP") || t.equals("DATETIME")) {
            return ColumnType.TIMESTAMP;
        }
        if (t.equals("DATE")) {
            return ColumnType.DATE;
        }
        if (t.startsWith("JSON") || t.equals("VARIANT") || t.equals("OBJECT")) {
            return ColumnType.JSON;
        }
        return ColumnType.VARCHAR;
    }
}
