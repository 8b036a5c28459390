package dev.weft.warehouse.snowflake;

import dev.weft.testing.OfflineWarehouse;
import dev.weft.warehouse.TableInfo;
import dev.weft.warehouse.WarehouseException;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.create.table.CreateTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Snowflake warehouse for tests that sends nothing: every statement is parsed by JSqlParser (which knows Snowflake's
 * syntax; no Snowflake analyzer is published) and kept, with its parse tree, for the rule checks a parser misses
 * ({@link SnowflakeRules}). Which tables exist is kept from the DDL; their columns, the same on every engine, come
 * from {@code columns} (the analyzed BigQuery run of the same pipeline).
 */
final class ParsedSnowflakeWarehouse extends OfflineWarehouse {

    private static final String NAME = "(\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_$]*)";
    private static final Pattern CREATE = Pattern.compile(
            "(?is)\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:TEMPORARY\\s+|TRANSIENT\\s+)?(?:TABLE|VIEW)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + NAME + ".*");
    private static final Pattern DROP = Pattern.compile("(?is)\\s*DROP\\s+(?:TABLE|VIEW)\\s+(?:IF\\s+EXISTS\\s+)?" + NAME + ".*");
    private static final Pattern RENAME = Pattern.compile("(?is)\\s*ALTER\\s+TABLE\\s+" + NAME + "\\s+RENAME\\s+TO\\s+" + NAME + "\\s*");

    /**
     * Snowflake statements JSqlParser 5.3 does not parse, each a documented Snowflake form matched whole: a statement
     * that matches none of these and does not parse fails.
     */
    static final Map<Pattern, String> UNPARSED_FORMS = Map.of(
            Pattern.compile("(?is)\\s*ALTER\\s+TABLE\\s+" + NAME + "\\s+SWAP\\s+WITH\\s+" + NAME + "\\s*"),
            "https://docs.snowflake.com/en/sql-reference/sql/alter-table (SWAP WITH target_table_name)");

    private final Function<String, Optional<TableInfo>> columns;
    private final TreeSet<String> tables = new TreeSet<>();
    /** Columns of the tables made with a column list here (names with a random part differ between runs). */
    private final Map<String, TableInfo> defined = new java.util.HashMap<>();
    private final List<Parsed> parsed = new ArrayList<>();

    /** A statement as Snowflake would receive it, with its parse tree (null for a documented unparsed form). */
    record Parsed(String sql, Statement tree) {
    }

    ParsedSnowflakeWarehouse(Function<String, Optional<TableInfo>> columns) {
        super(new SnowflakeDialect());
        this.columns = columns;
    }

    /** Every statement parsed, in order. */
    List<Parsed> parsed() {
        return List.copyOf(parsed);
    }

    @Override
    protected void check(String sql, List<?> binds) {
        long markers = sql.chars().filter(c -> c == '?').count();
        if (markers < binds.size()) {
            throw new WarehouseException("snowflake parser: " + binds.size() + " binds for " + markers + " markers" + WarehouseException.where(sql), null);
        }
        Statement tree = parse(sql);
        parsed.add(new Parsed(sql, tree));
        track(sql);
        if (tree instanceof CreateTable create && create.getColumnDefinitions() != null) {
            String table = name(create.getTable().getName());
            defined.put(table, new TableInfo(table, create.getColumnDefinitions().stream().map(c -> {
                String type = c.getColDataType().toString();
                return new TableInfo.ColumnInfo(name(c.getColumnName()), type, dialect().neutralType(type));
            }).toList()));
        }
    }

    static Statement parse(String sql) {
        try {
            // JSqlParser ends a statement at two blank lines; Snowflake does not (a template's comment header and the
            // blank lines its Jinja comments leave would otherwise read as an empty statement).
            return CCJSqlParserUtil.parse(sql.replaceAll("\\n(\\s*\\n)+", "\n"));
        } catch (JSQLParserException e) {
            if (UNPARSED_FORMS.keySet().stream().anyMatch(p -> p.matcher(sql).matches())) {
                return null;
            }
            String message = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
            throw new WarehouseException("snowflake parser: " + message.lines().findFirst().orElse(message) + WarehouseException.where(sql), e);
        }
    }

    private void track(String sql) {
        Matcher m;
        if ((m = CREATE.matcher(sql)).matches()) {
            tables.add(name(m.group(1)));
        } else if ((m = DROP.matcher(sql)).matches()) {
            tables.remove(name(m.group(1)));
        } else if ((m = RENAME.matcher(sql)).matches()) {
            tables.remove(name(m.group(1)));
            tables.add(name(m.group(2)));
        }
    }

    /** Snowflake upper-cases unquoted names and Weft looks them up case-insensitively: lower case here. */
    private static String name(String identifier) {
        return identifier.replace("\"", "").toLowerCase(Locale.ROOT);
    }

    @Override
    public List<String> listTables() {
        return List.copyOf(tables);
    }

    @Override
    public Optional<TableInfo> describeTable(String table) {
        if (!tables.contains(table.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        TableInfo own = defined.get(table.toLowerCase(Locale.ROOT));
        if (own != null) {
            return Optional.of(own);
        }
        return columns.apply(table).map(t -> new TableInfo(t.name(), t.columns().stream().map(c -> new TableInfo.ColumnInfo(
                c.name(), dialect().typeName(c.type()), c.type())).toList()));
    }
}
