package dev.weft.warehouse;

import dev.weft.WeftException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The CSV that Postgres COPY and Snowflake COPY INTO both read: strings are always quoted (a quote
 * doubled inside), so an empty unquoted field is NULL and {@code ""} is the empty string; timestamps
 * are UTC wall-clock time with microseconds.
 */
public final class CsvRows {

    public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    private CsvRows() {
    }

    /** Appends one row and its line end, or nothing when a value cannot be written; the caller checked the width. */
    public static void append(StringBuilder out, Object[] values, String table) {
        int start = out.length();
        try {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendValue(out, values[i], table);
            }
            out.append('\n');
        } catch (WeftException e) {
            out.setLength(start); // no half row in the file
            throw e;
        }
    }

    private static void appendValue(StringBuilder out, Object v, String table) {
        if (v == null) {
            return;
        }
        if (v instanceof String s) {
            out.append('"').append(s.replace("\"", "\"\"")).append('"');
        } else if (v instanceof Instant t) {
            out.append(TIMESTAMP.format(t));
        } else if (v instanceof LocalDate || v instanceof Number || v instanceof Boolean) {
            out.append(v);
        } else {
            throw new WeftException("bulk load into " + table + ": unsupported value type " + v.getClass().getName());
        }
    }

    public static WeftException wrongWidth(String table, int got, int expected) {
        return new WeftException("bulk load into " + table + ": row has " + got + " values, expected " + expected);
    }
}
