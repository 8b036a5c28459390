package dev.weft.warehouse;

/** The engine-neutral column types Weft creates; each {@link Dialect} names them for its engine. */
public enum ColumnType {
    BIGINT,
    INTEGER,
    DOUBLE,
    BOOLEAN,
    VARCHAR,
    TIMESTAMP,
    DATE,
    /** Semi-structured text (JSON object); stored as the engine's JSON type or as text. */
    JSON
}
