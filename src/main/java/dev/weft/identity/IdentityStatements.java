package dev.weft.identity;

import dev.weft.warehouse.SqlTemplates;
import dev.weft.warehouse.Warehouse;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Identity's statements outside a run's pipeline: one section of a {@code sql/identity/} template rendered
 * for the warehouse, and the small ones on a table ({@code sql/identity/work.sql}) that every class of the
 * feature needs. Public for the demo and the identity benchmark, which run identity's statements too.
 */
public final class IdentityStatements {

    private IdentityStatements() {
    }

    /** The one statement of {@code sql/identity/<name>} (a file, or {@code file.sql#section}). */
    public static String statement(Warehouse wh, String name, Map<String, ?> vars) {
        List<String> sql = SqlTemplates.statements(wh.dialect(), "identity/" + name, vars);
        if (sql.size() != 1) {
            throw new IllegalStateException("sql/identity/" + name + " holds " + sql.size() + " statements, not one");
        }
        return sql.get(0);
    }

    /** Runs every statement of {@code sql/identity/<name>}, one at a time. */
    public static void execute(Warehouse wh, String name, Map<String, ?> vars) {
        SqlTemplates.statements(wh.dialect(), "identity/" + name, vars).forEach(wh::execute);
    }

    public static long count(Warehouse wh, String table) {
        return wh.queryLong(statement(wh, "work.sql#count", Map.of("table", table))).orElse(0L);
    }

    public static long countDistinct(Warehouse wh, String table, String column) {
        return wh.queryLong(statement(wh, "work.sql#count_distinct", Map.of("table", table, "column", column))).orElse(0L);
    }

    public static Optional<Long> max(Warehouse wh, String table, String column) {
        return wh.queryLong(statement(wh, "work.sql#max", Map.of("table", table, "column", column)));
    }

    public static void drop(Warehouse wh, String table) {
        wh.execute(statement(wh, "work.sql#drop", Map.of("table", table)));
    }
}
