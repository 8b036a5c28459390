package dev.weft.identity;

import dev.weft.warehouse.Warehouse;

/**
 * Where identity's intermediate tables live: where the warehouse's dialect puts them
 * ({@link dev.weft.warehouse.Dialect#workTablePrefix}), plain tables in its schema unless the engine has a
 * better place (DuckDB: an in-memory database attached to the file's).
 */
public final class WorkTables {

    private WorkTables() {
    }

    /** The prefix to put before a work table's name, making its place ready when the engine needs that. */
    public static String prefix(Warehouse wh, String base) {
        wh.dialect().prepareWorkTables().forEach(wh::execute);
        return wh.dialect().workTablePrefix(base);
    }
}
