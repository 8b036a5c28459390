package dev.weft.destinations.salesforce;

import dev.weft.destinations.SyncRecord;
import dev.weft.destinations.http.VendorHttp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The CSV Bulk API 2.0 takes and gives back: comma-separated, LF line endings, fields quoted when they
 * hold a comma, quote or line break (quotes doubled), and {@code #N/A} to set a field to null.
 */
final class BulkCsv {

    static final String NULL = "#N/A";

    private BulkCsv() {
    }

    /** A header of every field any record carries (first-seen order), then one line per record. */
    static String write(List<SyncRecord> records) {
        Set<String> columns = new LinkedHashSet<>();
        records.forEach(r -> columns.addAll(r.fields().keySet()));
        StringBuilder csv = new StringBuilder();
        appendLine(csv, new ArrayList<>(columns));
        for (SyncRecord r : records) {
            List<String> cells = new ArrayList<>(columns.size());
            for (String column : columns) {
                cells.add(cell(r.fields().get(column), r.fields().containsKey(column)));
            }
            appendLine(csv, cells);
        }
        return csv.toString();
    }

    /** A record that does not carry a column leaves that field alone (empty); one carrying null clears it. */
    private static String cell(Object value, boolean present) {
        if (!present) {
            return "";
        }
        if (value == null) {
            return NULL;
        }
        return value instanceof String s ? s : VendorHttp.JSON.convertValue(value, com.fasterxml.jackson.databind.JsonNode.class).asText();
    }

    private static void appendLine(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            String c = cells.get(i);
            if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                csv.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                csv.append(c);
            }
        }
        csv.append('\n');
    }

    /** Parses CSV text (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks). */
    static List<List<String>> read(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean rowHasContent = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                rowHasContent = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
                rowHasContent = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (rowHasContent || cell.length() > 0) {
                    row.add(cell.toString());
                    rows.add(row);
                }
                row = new ArrayList<>();
                cell.setLength(0);
                rowHasContent = false;
            } else {
                cell.append(c);
                rowHasContent = true;
            }
        }
        if (rowHasContent || cell.length() > 0) {
            row.add(cell.toString());
            rows.add(row);
        }
        return rows;
    }
}
