package dev.weft.warehouse;

import java.util.List;
import java.util.Optional;

/** A table or view and its columns as the warehouse's catalogue describes them. */
public record TableInfo(String name, List<ColumnInfo> columns) {

    public TableInfo {
        columns = List.copyOf(columns);
    }

    public Optional<ColumnInfo> column(String columnName) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(columnName)).findFirst();
    }

    /** A column: lower-case name, the engine's own type name, and the neutral type it maps to. */
    public record ColumnInfo(String name, String engineType, ColumnType type) {
    }
}
