package dev.weft.warehouse;

import java.time.Instant;
import java.time.LocalDate;

/** One row of a streamed result, valid only inside the {@link RowHandler} call that received it. */
public interface Row {

    int columnCount();

    /** Lower-case column label. */
    String columnName(int index);

    Object getObject(int index);

    String getString(int index);

    /** Null when the value is SQL NULL. */
    Long getLong(int index);

    /** Null when the value is SQL NULL. */
    Double getDouble(int index);

    /** Null when the value is SQL NULL. */
    Boolean getBoolean(int index);

    /** Null when the value is SQL NULL. */
    Instant getInstant(int index);

    /** Null when the value is SQL NULL. */
    LocalDate getDate(int index);
}
