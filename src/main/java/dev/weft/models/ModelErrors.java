package dev.weft.models;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a warehouse error about a model's statement into one a data engineer can act on: the model's file and,
 * where the engine says where it stopped, the line of the model file (or of its compiled SQL) it points at.
 * DuckDB quotes the line ({@code LINE 2: select nope}); Postgres gives a character position in the statement
 * ({@code Position: 38}), which is mapped through the statement that embedded the model's SQL.
 */
final class ModelErrors {

    private static final Pattern DUCKDB_LINE = Pattern.compile("LINE (\\d+): ?(.*)");
    private static final Pattern POSTGRES_POSITION = Pattern.compile("Position: (\\d+)");

    private ModelErrors() {
    }

    /**
     * {@code error} about {@code model}, whose compiled {@code sql} went to the warehouse inside one of
     * {@code statements} and was written to {@code compiledFile}.
     */
    static String describe(Model model, String sql, List<String> statements, String error, String compiledFile) {
        OptionalInt compiledLine = compiledLine(sql, statements, error);
        String where = model.file();
        String compiledAt = compiledFile;
        if (compiledLine.isPresent()) {
            int line = compiledLine.getAsInt();
            compiledAt += " line " + line;
            OptionalInt source = sourceLine(model.template(), sql.split("\n", -1)[line - 1]);
            if (source.isPresent()) {
                where += " line " + source.getAsInt();
            }
        }
        return where + ": " + error + "\n  compiled SQL: " + compiledAt;
    }

    /** The 1-based line of the compiled SQL the engine's error points at, when it says and it is inside the model's SQL. */
    static OptionalInt compiledLine(String sql, List<String> statements, String error) {
        String[] lines = sql.split("\n", -1);
        Matcher duck = DUCKDB_LINE.matcher(error);
        if (duck.find()) {
            // DuckDB quotes the line (long ones cut with "..."): find it in the model's SQL
            String quoted = duck.group(2).strip().replaceAll("\\.\\.\\.$", "").replaceAll("^\\.\\.\\.", "").strip();
            List<Integer> found = new ArrayList<>();
            for (int i = 0; i < lines.length; i++) {
                if (!quoted.isEmpty() && lines[i].contains(quoted)) {
                    found.add(i + 1);
                }
            }
            return found.size() == 1 ? OptionalInt.of(found.get(0)) : OptionalInt.empty();
        }
        Matcher pg = POSTGRES_POSITION.matcher(error);
        if (pg.find()) {
            int position = Integer.parseInt(pg.group(1)) - 1;
            String embedded = Materializations.embed(sql);
            for (String statement : statements) {
                int start = statement.indexOf(embedded);
                if (start >= 0) {
                    int offset = position - (start + 1); // embed puts the SQL after a newline
                    if (offset < 0 || offset > sql.length()) {
                        return OptionalInt.empty();
                    }
                    return OptionalInt.of(1 + (int) sql.substring(0, offset).chars().filter(c -> c == '\n').count());
                }
            }
        }
        return OptionalInt.empty();
    }

    /**
     * The line of the model file that reads like {@code compiled}, its {@code {{ ... }}} standing for whatever they
     * rendered, if exactly one does.
     */
    static OptionalInt sourceLine(String template, String compiled) {
        String wanted = compiled.strip();
        if (wanted.isEmpty()) {
            return OptionalInt.empty();
        }
        String[] lines = template.split("\n", -1);
        int found = -1;
        for (int i = 0; i < lines.length; i++) {
            if (renders(lines[i].strip(), wanted)) {
                if (found >= 0) {
                    return OptionalInt.empty();
                }
                found = i + 1;
            }
        }
        return found < 0 ? OptionalInt.empty() : OptionalInt.of(found);
    }

    private static boolean renders(String templateLine, String compiled) {
        if (!templateLine.contains("{{")) {
            return templateLine.equals(compiled);
        }
        String[] literals = templateLine.split("\\{\\{.*?}}", -1);
        if (String.join("", literals).isBlank()) {
            return false; // a line of Jinja alone ({{ config(...) }}) reads like anything
        }
        StringBuilder re = new StringBuilder();
        for (String literal : literals) {
            re.append(re.isEmpty() ? "" : ".*?").append(Pattern.quote(literal));
        }
        return Pattern.matches(re.toString(), compiled);
    }
}
