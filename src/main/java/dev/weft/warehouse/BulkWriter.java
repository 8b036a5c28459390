package dev.weft.warehouse;

/**
 * Appends rows to one table by the engine's bulk path. Values are given in the column order the
 * writer was opened with; supported value types are String, Long/Integer, Double, Boolean,
 * {@link java.time.Instant}, {@link java.time.LocalDate} and null. {@link #close()} commits.
 */
public interface BulkWriter extends AutoCloseable {

    void append(Object... values);

    /** Rows appended so far. */
    long rowCount();

    @Override
    void close();
}
