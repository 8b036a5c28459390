package dev.weft.warehouse.bigquery;

import dev.weft.WeftException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What {@link BigQueryWarehouse} does to statement text before it becomes a query job: statement
 * lists become one script (a transaction where BigQuery allows one), and null binds become the
 * literal NULL (a BigQuery parameter must have a type, a NULL literal takes the one its context needs).
 * Built without a client, so the golden tests check exactly what is sent.
 */
final class BigQueryStatements {

    /**
     * Statements BigQuery accepts inside a transaction: queries, DML and DDL on temporary tables.
     * DDL on permanent tables (CREATE TABLE, CREATE VIEW, ALTER, DROP) is refused there.
     */
    private static final Pattern TRANSACTIONAL = Pattern.compile(
            "(?is)\\s*(\\(\\s*)*(SELECT|WITH|INSERT|UPDATE|DELETE|MERGE|TRUNCATE|CREATE\\s+(OR\\s+REPLACE\\s+)?TEMP(ORARY)?\\s+TABLE)\\b.*");

    private BigQueryStatements() {
    }

    /** Statement text with the non-null binds left to travel as positional parameters, in order. */
    record Bound(String sql, List<Object> parameters) {
    }

    /**
     * One script for a list of statements: inside {@code BEGIN TRANSACTION ... COMMIT TRANSACTION} when
     * every statement may run in a transaction (BigQuery rolls back by itself when one fails), else
     * the statements in order, which stop at the first failure.
     */
    static String script(List<String> statements) {
        if (statements.size() == 1) {
            return statements.get(0);
        }
        StringBuilder script = new StringBuilder();
        boolean transactional = statements.stream().allMatch(s -> TRANSACTIONAL.matcher(s).matches());
        if (transactional) {
            script.append("BEGIN TRANSACTION;\n");
        }
        for (String s : statements) {
            script.append(s.strip());
            if (!s.strip().endsWith(";")) {
                script.append(';');
            }
            script.append('\n');
        }
        if (transactional) {
            script.append("COMMIT TRANSACTION;\n");
        }
        return script.toString();
    }

    /**
     * Replaces each {@code ?} marker whose bind is null with {@code NULL}; markers inside string
     * literals, quoted identifiers and comments are not markers. Fails when markers and binds differ in count.
     */
    static Bound bindNulls(String sql, List<?> binds) {
        StringBuilder out = new StringBuilder(sql.length());
        List<Object> parameters = new ArrayList<>();
        int marker = 0;
        int i = 0;
        while (i < sql.length()) {
            int skip = skipQuotedOrComment(sql, i);
            if (skip > i) {
                out.append(sql, i, skip);
                i = skip;
                continue;
            }
            char c = sql.charAt(i);
            if (c == '?') {
                if (marker >= binds.size()) {
                    throw markerMismatch(sql, binds.size());
                }
                Object value = binds.get(marker++);
                if (value == null) {
                    out.append("NULL");
                } else {
                    out.append('?');
                    parameters.add(value);
                }
            } else {
                out.append(c);
            }
            i++;
        }
        if (marker != binds.size()) {
            throw markerMismatch(sql, binds.size());
        }
        return new Bound(out.toString(), parameters);
    }

    private static WeftException markerMismatch(String sql, int binds) {
        long markers = countMarkers(sql);
        return new WeftException("statement has " + markers + " ? markers but " + binds + " bind values: " + sql);
    }

    private static long countMarkers(String sql) {
        long count = 0;
        int i = 0;
        while (i < sql.length()) {
            int skip = skipQuotedOrComment(sql, i);
            if (skip > i) {
                i = skip;
                continue;
            }
            if (sql.charAt(i) == '?') {
                count++;
            }
            i++;
        }
        return count;
    }

    /** The index after a string, quoted identifier or comment starting at {@code i}, else {@code i}. */
    private static int skipQuotedOrComment(String sql, int i) {
        char c = sql.charAt(i);
        if (sql.startsWith("--", i) || c == '#') {
            int end = sql.indexOf('\n', i);
            return end < 0 ? sql.length() : end;
        }
        if (sql.startsWith("/*", i)) {
            int end = sql.indexOf("*/", i + 2);
            return end < 0 ? sql.length() : end + 2;
        }
        if (c == '\'' || c == '"' || c == '`') {
            String triple = String.valueOf(c).repeat(3);
            boolean isTriple = c != '`' && sql.startsWith(triple, i);
            int j = i + (isTriple ? 3 : 1);
            while (j < sql.length()) {
                char d = sql.charAt(j);
                if (d == '\\') {
                    j += 2;
                } else if (isTriple ? sql.startsWith(triple, j) : d == c) {
                    return j + (isTriple ? 3 : 1);
                } else {
                    j++;
                }
            }
            return sql.length();
        }
        return i;
    }
}
