package dev.weft.models;

import java.util.List;

/** A failing test's sample rows as a small text table under its result, the way a SQL client shows them. */
final class FailingRows {

    private static final int MAX_CELL = 40;

    private FailingRows() {
    }

    /** {@code rows}: the column names, then one list of cells per row; {@code failing}: how many rows fail in all. */
    static String table(List<List<String>> rows, long failing) {
        int columns = rows.get(0).size();
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], cell(row.get(i)).length());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(rows.size() - 1 < failing ? "the first " + (rows.size() - 1) + ":" : "all of them:");
        for (int r = 0; r < rows.size(); r++) {
            out.append("\n  ");
            for (int i = 0; i < columns; i++) {
                out.append(i == 0 ? "" : " | ").append(String.format("%-" + width[i] + "s", cell(rows.get(r).get(i))));
            }
            out.setLength(out.toString().stripTrailing().length());
        }
        return out.toString();
    }

    private static String cell(String value) {
        String flat = value.replaceAll("\\s+", " ");
        return flat.length() > MAX_CELL ? flat.substring(0, MAX_CELL - 3) + "..." : flat;
    }
}
