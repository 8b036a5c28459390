package dev.weft.warehouse;

/** Receives streamed rows one at a time. */
@FunctionalInterface
public interface RowHandler {
    void handle(Row row);
}
