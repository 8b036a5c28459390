package dev.weft.warehouse.snowflake;

import dev.weft.testing.DemoPipelineDriver;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.WarehouseException;
import dev.weft.warehouse.bigquery.AnalyzedBigQueryWarehouse;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeInsert;
import net.sf.jsqlparser.statement.merge.MergeOperation;
import net.sf.jsqlparser.statement.merge.MergeUpdate;
import net.sf.jsqlparser.statement.update.UpdateSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The demo pipeline on Snowflake without an account: every statement Weft generates for Snowflake, in run order, is
 * parsed by JSqlParser 5.3 (no Snowflake analyzer is published; JSqlParser is the maintained Java parser that knows
 * Snowflake's syntax), then checked against the rules Snowflake enforces that a parser misses, each citing Snowflake's
 * documentation. Names, types and permissions are what only {@code weft warehouse check} on a real account proves.
 */
class SnowflakeParsedPipelineTest {

    /**
     * Every function Weft's Snowflake statements call, with the Snowflake page that documents it: a function not listed
     * fails the test (a DuckDB or Postgres spelling that slipped through would only fail on a real account).
     */
    static final Map<String, String> FUNCTIONS = Map.ofEntries(
            entry("HASH", "https://docs.snowflake.com/en/sql-reference/functions/hash"),
            entry("SHA2", "https://docs.snowflake.com/en/sql-reference/functions/sha2"),
            entry("DATEADD", "https://docs.snowflake.com/en/sql-reference/functions/dateadd"),
            entry("CURRENT_TIMESTAMP", "https://docs.snowflake.com/en/sql-reference/functions/current_timestamp"),
            entry("SYSDATE", "https://docs.snowflake.com/en/sql-reference/functions/sysdate"),
            entry("GET", "https://docs.snowflake.com/en/sql-reference/functions/get"),
            entry("TO_JSON", "https://docs.snowflake.com/en/sql-reference/functions/to_json"),
            entry("OBJECT_CONSTRUCT_KEEP_NULL", "https://docs.snowflake.com/en/sql-reference/functions/object_construct_keep_null"),
            entry("REGEXP_INSTR", "https://docs.snowflake.com/en/sql-reference/functions/regexp_instr"),
            entry("CONTAINS", "https://docs.snowflake.com/en/sql-reference/functions/contains"),
            entry("STARTSWITH", "https://docs.snowflake.com/en/sql-reference/functions/startswith"),
            entry("LISTAGG", "https://docs.snowflake.com/en/sql-reference/functions/listagg"),
            entry("CAST", "https://docs.snowflake.com/en/sql-reference/functions/cast"),
            entry("COALESCE", "https://docs.snowflake.com/en/sql-reference/functions/coalesce"),
            entry("COUNT", "https://docs.snowflake.com/en/sql-reference/functions/count"),
            entry("MIN", "https://docs.snowflake.com/en/sql-reference/functions/min"),
            entry("MAX", "https://docs.snowflake.com/en/sql-reference/functions/max"),
            entry("SUM", "https://docs.snowflake.com/en/sql-reference/functions/sum"),
            entry("LOWER", "https://docs.snowflake.com/en/sql-reference/functions/lower"),
            entry("UPPER", "https://docs.snowflake.com/en/sql-reference/functions/upper"),
            entry("TRIM", "https://docs.snowflake.com/en/sql-reference/functions/trim"),
            entry("ROW_NUMBER", "https://docs.snowflake.com/en/sql-reference/functions/row_number"),
            entry("MIN_BY", "https://docs.snowflake.com/en/sql-reference/functions/min_by"),
            entry("AVG", "https://docs.snowflake.com/en/sql-reference/functions/avg"),
            entry("ASCII", "https://docs.snowflake.com/en/sql-reference/functions/ascii"),
            entry("GREATEST", "https://docs.snowflake.com/en/sql-reference/functions/greatest"),
            entry("LEAST", "https://docs.snowflake.com/en/sql-reference/functions/least"),
            entry("LENGTH", "https://docs.snowflake.com/en/sql-reference/functions/length"),
            entry("MOD", "https://docs.snowflake.com/en/sql-reference/functions/mod"),
            entry("NULLIF", "https://docs.snowflake.com/en/sql-reference/functions/nullif"),
            entry("REGEXP_REPLACE", "https://docs.snowflake.com/en/sql-reference/functions/regexp_replace"),
            entry("REPLACE", "https://docs.snowflake.com/en/sql-reference/functions/replace"),
            entry("RIGHT", "https://docs.snowflake.com/en/sql-reference/functions/right"),
            entry("SUBSTR", "https://docs.snowflake.com/en/sql-reference/functions/substr"),
            entry("TRANSLATE", "https://docs.snowflake.com/en/sql-reference/functions/translate"),
            entry("PARSE_JSON", "https://docs.snowflake.com/en/sql-reference/functions/parse_json"));

    private static final Pattern CALL = Pattern.compile("(?i)\\b([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");
    /** A quoted name; a run of other characters is one step (one step per character overflows the stack on long text). */
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"]++|\"\")*+)\"");
    /** Words before a parenthesis that are syntax, not function calls (and the names after INTO/TABLE/VIEW). */
    private static final Set<String> NOT_CALLS = Set.of("AS", "IN", "EXISTS", "VALUES", "OVER", "AND", "OR", "NOT", "ON",
            "FROM", "JOIN", "USING", "WHERE", "SELECT", "ALL", "ANY", "SOME", "THEN", "ELSE", "WHEN", "BY", "INSERT",
            "WITHIN", "GROUP", "FILTER", "UNION", "EXCEPT", "INTERSECT", "HAVING", "PARTITION", "IS", "CASE", "RETURN",
            // types with a precision, in CAST and column lists
            "NUMBER", "DECIMAL", "VARCHAR", "TIMESTAMP_NTZ");
    private static final Pattern NAMED_BEFORE_PAREN = Pattern.compile("(?i)\\b(INTO|TABLE|VIEW|EXISTS)\\s+\"?[A-Za-z_][A-Za-z0-9_$]*\"?\\s*\\(");

    private static List<ParsedSnowflakeWarehouse.Parsed> statements;

    @BeforeAll
    static void runThePipeline(@TempDir Path dir) throws Exception {
        // BigQuery's analyzed run of the same pipeline knows every table's columns; Snowflake's run borrows them.
        AnalyzedBigQueryWarehouse columns = new AnalyzedBigQueryWarehouse();
        try (DemoPipelineDriver demo = new DemoPipelineDriver(columns, dir.resolve("bigquery"))) {
            demo.run();
        }
        ParsedSnowflakeWarehouse snowflake = new ParsedSnowflakeWarehouse(columns::describeEverMade);
        try (DemoPipelineDriver demo = new DemoPipelineDriver(snowflake, dir.resolve("snowflake"))) {
            demo.run();
        }
        statements = snowflake.parsed();
    }

    @Test
    void everyStatementOfTheDemoPipelineParses() {
        assertThat(statements.size()).isGreaterThan(300);
        assertThat(statements).extracting(s -> s.sql().strip().split("\\s+")[0].toUpperCase(Locale.ROOT))
                .contains("CREATE", "INSERT", "MERGE", "DELETE", "SELECT", "WITH", "DROP", "ALTER");
    }

    @Test
    void aBrokenStatementFails() {
        assertThatThrownBy(() -> ParsedSnowflakeWarehouse.parse("SELEC contact_id FROM raw_contacts"))
                .isInstanceOf(WarehouseException.class).hasMessageContaining("snowflake parser");
        assertThat(unknownFunctions("SELECT md5_number_lower64(email) FROM raw_contacts")).containsExactly("MD5_NUMBER_LOWER64");
        assertThat(mergeProblems(ParsedSnowflakeWarehouse.parse(
                "MERGE INTO t USING s ON t.k = s.k WHEN MATCHED THEN UPDATE SET t.v = s.v"))).isNotEmpty();
        assertThat(caseSensitiveNames("SELECT \"email\" FROM raw_contacts")).containsExactly("email");
    }

    /** Every function called is one Snowflake documents ({@link #FUNCTIONS}). */
    @Test
    void everyFunctionCalledIsASnowflakeFunction() {
        Set<String> unknown = new TreeSet<>();
        statements.forEach(s -> unknown.addAll(unknownFunctions(s.sql())));
        assertThat(unknown).as("functions Snowflake does not document under these names").isEmpty();
    }

    /**
     * "Unquoted object identifiers ... are stored and resolved as uppercase characters"; a double-quoted one keeps its
     * case (https://docs.snowflake.com/en/sql-reference/identifiers-syntax). A quoted lower-case name would make an
     * object that Weft's own unquoted names, and a user's SQL, never find: Weft quotes only what it must.
     */
    @Test
    void noNameIsQuotedIntoLowerCase() {
        Set<String> quoted = new TreeSet<>();
        statements.forEach(s -> quoted.addAll(caseSensitiveNames(s.sql())));
        assertThat(quoted).isEmpty();
    }

    /**
     * MERGE as Snowflake documents it (https://docs.snowflake.com/en/sql-reference/sql/merge): {@code WHEN MATCHED THEN
     * UPDATE SET col_name = expr} names target columns unqualified, and {@code WHEN NOT MATCHED THEN INSERT} lists them.
     */
    @Test
    void mergesHaveSnowflakesForm() {
        List<String> problems = new ArrayList<>();
        statements.stream().filter(s -> s.tree() instanceof Merge).forEach(s -> problems.addAll(mergeProblems(s.tree())));
        assertThat(statements).anyMatch(s -> s.tree() instanceof Merge);
        assertThat(problems).isEmpty();
    }

    /**
     * GET "extracts a value from an OBJECT ... or ARRAY" and its first argument must be semi-structured
     * (https://docs.snowflake.com/en/sql-reference/functions/get): JSON held as text is parsed first
     * (https://docs.snowflake.com/en/sql-reference/functions/parse_json).
     */
    @Test
    void jsonPropertiesReadSemiStructuredValues() {
        Dialect d = new SnowflakeDialect();
        assertThat(d.jsonPropertyText("properties", "?", true)).isEqualTo("CAST(GET(properties, ?) AS VARCHAR)");
        assertThat(d.jsonPropertyText("properties", "?", false)).isEqualTo("CAST(GET(PARSE_JSON(properties), ?) AS VARCHAR)");
    }

    /**
     * "A window function must be specified in the SELECT list or in the QUALIFY clause" for QUALIFY to filter on
     * (https://docs.snowflake.com/en/sql-reference/constructs/qualify). Weft's statements use QUALIFY nowhere today
     * (they number rows and filter outside); one that does must carry a window function.
     */
    @Test
    void qualifyFiltersOnAWindowFunction() {
        assertThat(qualifyWithoutWindow("SELECT k FROM t QUALIFY k = 1")).isTrue();
        assertThat(qualifyWithoutWindow("SELECT k FROM t QUALIFY ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts) = 1")).isFalse();
        assertThat(statements).noneMatch(s -> qualifyWithoutWindow(s.sql()));
    }

    /**
     * The hash and time functions in the forms Snowflake documents, and used by the pipeline: {@code HASH(expr, ...)}
     * a signed 64-bit number (https://docs.snowflake.com/en/sql-reference/functions/hash), {@code SHA2(msg, 256)} as
     * hex (https://docs.snowflake.com/en/sql-reference/functions/sha2), {@code DATEADD(date_or_time_part, value,
     * date_or_time_expr)} (https://docs.snowflake.com/en/sql-reference/functions/dateadd).
     */
    @Test
    void hashAndTimeFunctionsHaveTheirDocumentedForms() {
        Dialect d = new SnowflakeDialect();
        assertThat(d.hash64("x")).isEqualTo("HASH(x)");
        assertThat(d.hashBigint("n", 7)).isEqualTo("HASH(n, 7)");
        assertThat(d.sha256Hex("x")).isEqualTo("SHA2(x, 256)");
        assertThat(d.addDays("ts", "?")).isEqualTo("DATEADD(day, ?, ts)");
        // DATEADD is not in the demo pipeline (weft warehouse check uses it): its form is checked above only.
        for (String used : List.of("HASH(", "SHA2(")) {
            assertThat(statements).as(used).anyMatch(s -> s.sql().contains(used));
        }
    }

    static boolean qualifyWithoutWindow(String sql) {
        String code = withoutLiterals(sql).toUpperCase(Locale.ROOT);
        return code.matches("(?s).*\\bQUALIFY\\b.*") && !code.matches("(?s).*\\bOVER\\s*\\(.*");
    }

    static Set<String> unknownFunctions(String sql) {
        String code = withoutLiterals(sql);
        Set<String> named = new TreeSet<>();
        Matcher n = NAMED_BEFORE_PAREN.matcher(code);
        while (n.find()) {
            named.add(n.start() + ":" + n.end());
        }
        Set<String> unknown = new TreeSet<>();
        Matcher m = CALL.matcher(code);
        while (m.find()) {
            String name = m.group(1).toUpperCase(Locale.ROOT);
            boolean tableName = named.stream().anyMatch(r -> Integer.parseInt(r.split(":")[1]) == m.end());
            if (!tableName && !NOT_CALLS.contains(name) && !FUNCTIONS.containsKey(name)) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    /** Quoted names that are plain lower-case words no engine reserves: quoting them makes them case-sensitive. */
    static Set<String> caseSensitiveNames(String sql) {
        Set<String> found = new TreeSet<>();
        Matcher m = QUOTED.matcher(withoutStrings(sql));
        while (m.find()) {
            String name = m.group(1);
            if (Dialect.PLAIN_IDENTIFIER.matcher(name).matches() && !Dialect.RESERVED.contains(name)) {
                found.add(name);
            }
        }
        return found;
    }

    static List<String> mergeProblems(Statement tree) {
        List<String> problems = new ArrayList<>();
        Merge merge = (Merge) tree;
        for (MergeOperation op : merge.getOperations()) {
            if (op instanceof MergeUpdate update) {
                for (UpdateSet set : update.getUpdateSets()) {
                    for (Column c : set.getColumns()) {
                        if (c.getTable() != null) {
                            problems.add("UPDATE SET names a qualified column " + c + " in: " + tree);
                        }
                    }
                }
            } else if (op instanceof MergeInsert insert && (insert.getColumns() == null || insert.getColumns().isEmpty())) {
                problems.add("INSERT without a column list in: " + tree);
            }
        }
        return problems;
    }

    private static String withoutStrings(String sql) {
        return sql.replaceAll("'(?:[^']++|'')*+'", "''").replaceAll("(?m)--.*$", "");
    }

    private static String withoutLiterals(String sql) {
        return QUOTED.matcher(withoutStrings(sql)).replaceAll("\"\"");
    }
}
