package dev.weft.identity;

import dev.weft.warehouse.Warehouse;

/**
 * Where identity's intermediate tables live. On DuckDB, in an attached in-memory database
 * ({@code weft_work}): they are rewritten every round, and in the database file each one would be
 * logged, committed and checkpointed to disk for nothing. The buffer manager still spills them to
 * the temp directory under the memory limit. Elsewhere, plain tables in the warehouse's schema.
 */
public final class WorkTables {

    private WorkTables() {
    }

    /** The prefix to put before a work table's name, attaching the work database when needed. */
    public static String prefix(Warehouse wh, String base) {
        if (wh.dialect().name().equals("duckdb")) {
            wh.execute("ATTACH IF NOT EXISTS ':memory:' AS weft_work");
            return "weft_work." + base;
        }
        return base;
    }
}
