package dev.weft.warehouse;

import java.util.Objects;

/** A column of a table Weft creates: a name and an engine-neutral type. */
public record Column(String name, ColumnType type) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    public static Column of(String name, ColumnType type) {
        return new Column(name, type);
    }
}
