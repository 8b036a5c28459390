package dev.weft.models;

import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.SqlTemplates;
import dev.weft.warehouse.WarehouseNames;

import java.util.List;
import java.util.Map;

/**
 * Every statement a models run sends to the warehouse, per dialect. Kept in one place so a reader
 * can see exactly what {@code view}, {@code table} and {@code incremental} do:
 * <ul>
 *   <li>view: {@code CREATE OR REPLACE VIEW} (Postgres: drop and create).</li>
 *   <li>table: built under a staging name ({@code weft_new_<name>_<hash>}, {@link WarehouseNames}: a
 *   long model name is never cut to another table's name), then swapped in ({@link Dialect#swapTable}),
 *   so readers never see a half-built table.</li>
 *   <li>incremental: the first run (or {@code --full-refresh}) builds like a table; later runs MERGE
 *   the model's rows on {@code unique_key}, or append them when there is no key.</li>
 * </ul>
 */
public final class Materializations {

    static final String STAGING_PREFIX = "weft_new_";

    private Materializations() {
    }

    public static List<String> view(Dialect d, String name, String select) {
        return d.createOrReplaceView(name, embed(select));
    }

    /** Builds the new table under its staging name; run with {@link #swapIn} afterwards. */
    public static List<String> buildStaging(Dialect d, String name, String select) {
        return d.createTableAs(stagingName(name), embed(select), true);
    }

    public static List<String> swapIn(Dialect d, String name) {
        return d.swapTable(stagingName(name), name);
    }

    public static String merge(Dialect d, String name, String select, List<String> uniqueKey, List<String> columns) {
        List<String> update = columns.stream().filter(c -> !uniqueKey.contains(c)).toList();
        return d.merge(name, embed(select), uniqueKey, update, columns);
    }

    public static String append(Dialect d, String name, String select, List<String> columns) {
        return SqlTemplates.render(d, "models/materializations.sql#append", Map.of("name", name, "select", embed(select), "columns", columns));
    }

    public static String rowCount(Dialect d, String name) {
        return SqlTemplates.render(d, "models/materializations.sql#row_count", Map.of("name", name));
    }

    /** The query of a schema test: one number, the failing rows; its binds are {@link #testBinds}. */
    public static String test(Dialect d, SchemaTest t) {
        return SqlTemplates.render(d, "models/materializations.sql#test_count", Map.of("failing", failingRows(d, t)));
    }

    /** Up to {@code limit} of a schema test's failing rows (same binds as {@link #test}). */
    public static String testSample(Dialect d, SchemaTest t, int limit) {
        return SqlTemplates.render(d, "models/materializations.sql#test_sample", Map.of("failing", failingRows(d, t), "limit", limit));
    }

    /** The rows that make a schema test fail, as dbt's tests select them. */
    static String failingRows(Dialect d, SchemaTest t) {
        Map<String, Object> vars = new java.util.HashMap<>();
        vars.put("model", t.model());
        vars.put("column", t.column());
        if (t.type().equals("accepted_values")) {
            vars.put("value_count", t.values().size());
        }
        if (t.type().equals("relationships")) {
            vars.put("to_model", t.toModel());
            vars.put("field", t.field());
        }
        return SqlTemplates.render(d, "models/tests/" + t.type() + ".sql", vars);
    }

    public static List<Object> testBinds(SchemaTest t) {
        return t.type().equals("accepted_values") ? List.copyOf(t.values()) : List.of();
    }

    /** A model's SELECT on lines of its own, so a comment on its first or last line cannot swallow our SQL. */
    static String embed(String select) {
        return "\n" + select + "\n";
    }

    static String stagingName(String name) {
        return WarehouseNames.of(STAGING_PREFIX, name);
    }
}
