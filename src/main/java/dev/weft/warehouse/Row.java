package dev.weft.warehouse;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * One row of a streamed result, valid only inside the {@link RowHandler} call that received it. An engine's row
 * supplies {@link #getObject}; the typed getters convert what it returns (JDBC and BigQuery client types alike).
 */
public interface Row {

    int columnCount();

    /** Lower-case column label. */
    String columnName(int index);

    /** The value as the engine's driver or client gives it; null when the value is SQL NULL. */
    Object getObject(int index);

    /** Null when the value is SQL NULL. */
    default String getString(int index) {
        Object v = getObject(index);
        return v == null ? null : v.toString();
    }

    /** Null when the value is SQL NULL. */
    default Long getLong(int index) {
        Object v = getObject(index);
        return v == null ? null : v instanceof Number n ? n.longValue() : Long.parseLong(v.toString());
    }

    /** Null when the value is SQL NULL. */
    default Double getDouble(int index) {
        Object v = getObject(index);
        return v == null ? null : v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString());
    }

    /** Null when the value is SQL NULL. */
    default Boolean getBoolean(int index) {
        Object v = getObject(index);
        return v == null ? null : v instanceof Boolean b ? b : Boolean.parseBoolean(v.toString());
    }

    /** Null when the value is SQL NULL. A timestamp without zone is UTC wall-clock time, as Weft writes it. */
    default Instant getInstant(int index) {
        Object v = getObject(index);
        if (v == null) {
            return null;
        }
        if (v instanceof Instant instant) {
            return instant;
        }
        if (v instanceof Timestamp ts) {
            return ts.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        if (v instanceof LocalDateTime ldt) {
            return ldt.toInstant(ZoneOffset.UTC);
        }
        if (v instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        if (v instanceof LocalDate d) {
            return d.atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        return Instant.parse(v.toString());
    }

    /** Null when the value is SQL NULL. */
    default LocalDate getDate(int index) {
        Object v = getObject(index);
        if (v == null) {
            return null;
        }
        if (v instanceof LocalDate d) {
            return d;
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        return getInstant(index).atOffset(ZoneOffset.UTC).toLocalDate();
    }
}
