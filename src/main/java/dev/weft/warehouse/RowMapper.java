package dev.weft.warehouse;

/** Maps one row to a value. */
@FunctionalInterface
public interface RowMapper<T> {
    T map(Row row);
}
