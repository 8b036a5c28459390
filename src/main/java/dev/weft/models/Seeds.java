package dev.weft.models;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.weft.WeftException;
import dev.weft.warehouse.BulkWriter;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.Warehouse;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * dbt's seeds: each CSV file under {@code models/seeds/} is loaded as a table named after the file. The first
 * line names the columns (lower-cased, as unquoted names are on Postgres); an empty field is NULL. A column's
 * type is declared in a schema file ({@code seeds: - name: x, config: {column_types: {col: type}}}) or else
 * inferred from its values: integer, double, boolean, date, timestamp, else text.
 */
final class Seeds {

    /** Where seeds live: {@code models/seeds/**}{@code /*.csv}. */
    static final String DIR = ModelProject.MODELS_DIR + "/seeds/";

    // Without a schema each line is an array of fields; a blank line (a trailing one, say) is no row.
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();

    // Inference tries these in order; the first every value of the column fits wins (text fits everything).
    private static final List<ColumnType> INFERRED = List.of(ColumnType.BIGINT, ColumnType.DOUBLE, ColumnType.BOOLEAN,
            ColumnType.DATE, ColumnType.TIMESTAMP);
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern BOOLEAN = Pattern.compile("(?i)true|false");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})?");

    private Seeds() {
    }

    /** A seed read and converted: its columns with their types and its rows, each value of its column's type. */
    record Table(List<Column> columns, List<Object[]> rows) {
    }

    /**
     * Loads a seed into its staging table ({@link Materializations#stagingName}), to be swapped in as a table model
     * is, so readers never see a half-loaded seed. Its rows are read and converted first: a bad value touches
     * nothing. Returns the rows loaded.
     */
    static long load(Warehouse warehouse, Model seed, Map<String, String> declaredTypes, List<String> sent) {
        Table table = read(seed.file(), seed.template(), declaredTypes, warehouse.dialect());
        Dialect d = warehouse.dialect();
        String staging = Materializations.stagingName(seed.name());
        List<String> create = d.createTable(staging, table.columns(), true);
        sent.addAll(create);
        warehouse.executeAll(create);
        try (BulkWriter writer = warehouse.bulkWriter(staging, table.columns().stream().map(Column::name).toList())) {
            table.rows().forEach(writer::append);
        }
        return table.rows().size();
    }

    /** Parses a seed's CSV text; a value that does not fit its column's type is an error naming file, line and column. */
    static Table read(String file, String csv, Map<String, String> declaredTypes, Dialect dialect) {
        List<String> header = null;
        List<Integer> lines = new ArrayList<>(); // of each data row's first field, for error messages
        List<List<String>> values = new ArrayList<>();
        try (CsvParser parser = (CsvParser) CSV.createParser(csv)) {
            List<String> row = null;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.START_ARRAY) {
                    row = new ArrayList<>();
                } else if (token == JsonToken.END_ARRAY) {
                    if (header == null) {
                        header = row;
                    } else {
                        values.add(row);
                    }
                } else if (row != null) {
                    if (row.isEmpty() && header != null) {
                        lines.add(parser.currentTokenLocation().getLineNr());
                    }
                    row.add(parser.getText());
                }
            }
        } catch (IOException e) {
            throw new WeftException(file + ": not valid CSV: " + e.getMessage(), e);
        }
        if (header == null) {
            throw new WeftException(file + ": empty; a seed's first line names its columns");
        }
        List<String> names = columnNames(file, header);
        for (String declared : declaredTypes.keySet()) {
            if (!names.contains(declared.toLowerCase(Locale.ROOT))) {
                throw new WeftException(file + ": column_types names column '" + declared + "', which is not in the header "
                        + names);
            }
        }
        for (int r = 0; r < values.size(); r++) {
            if (values.get(r).size() != names.size()) {
                throw new WeftException(file + " line " + lines.get(r) + ": " + values.get(r).size() + " fields, the header has "
                        + names.size());
            }
        }
        List<Column> columns = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            String declared = declaredType(declaredTypes, names.get(c));
            ColumnType type = declared != null ? dialect.neutralType(declared) : infer(values, c);
            columns.add(Column.of(names.get(c), type));
        }
        List<Object[]> rows = new ArrayList<>(values.size());
        for (int r = 0; r < values.size(); r++) {
            Object[] row = new Object[names.size()];
            for (int c = 0; c < names.size(); c++) {
                String text = values.get(r).get(c);
                ColumnType type = columns.get(c).type();
                try {
                    row[c] = text.isEmpty() ? null : convert(text, type);
                } catch (RuntimeException e) {
                    throw new WeftException(file + " line " + lines.get(r) + ", column " + (c + 1) + " (" + names.get(c) + "): '"
                            + text + "' is not a " + declaredType(declaredTypes, names.get(c)) + " as column_types declares");
                }
            }
            rows.add(row);
        }
        return new Table(columns, rows);
    }

    private static List<String> columnNames(String file, List<String> header) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < header.size(); c++) {
            // a spreadsheet's UTF-8 export starts with a byte-order mark, which is no part of the first name
            String name = (c == 0 ? header.get(c).replaceFirst("^\uFEFF", "") : header.get(c)).trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                throw new WeftException(file + " line 1, column " + (c + 1) + ": a column without a name");
            }
            if (!seen.add(name)) {
                throw new WeftException(file + " line 1, column " + (c + 1) + ": column '" + name + "' appears twice");
            }
            names.add(name);
        }
        return names;
    }

    private static String declaredType(Map<String, String> declaredTypes, String column) {
        return declaredTypes.entrySet().stream().filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(column))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static ColumnType infer(List<List<String>> rows, int column) {
        if (rows.stream().allMatch(r -> r.get(column).isEmpty())) {
            return ColumnType.VARCHAR; // no value to go by
        }
        for (ColumnType type : INFERRED) {
            if (rows.stream().map(r -> r.get(column)).allMatch(v -> v.isEmpty() || fits(v, type))) {
                return type;
            }
        }
        return ColumnType.VARCHAR;
    }

    private static boolean fits(String value, ColumnType type) {
        return switch (type) {
            case BIGINT -> INTEGER.matcher(value).matches() && value.length() < 19; // no overflow past Long
            case DOUBLE -> DECIMAL.matcher(value).matches();
            case BOOLEAN -> BOOLEAN.matcher(value).matches();
            case DATE -> DATE.matcher(value).matches() && parses(value, ColumnType.DATE);
            case TIMESTAMP -> TIMESTAMP.matcher(value).matches() && parses(value, ColumnType.TIMESTAMP);
            default -> true;
        };
    }

    private static boolean parses(String value, ColumnType type) {
        try {
            convert(value, type);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A field as its column's type; throws when it does not fit. A time without an offset is UTC. */
    private static Object convert(String text, ColumnType type) {
        String v = text.trim();
        return switch (type) {
            case BIGINT -> Long.parseLong(v.startsWith("+") ? v.substring(1) : v);
            case INTEGER -> Integer.parseInt(v.startsWith("+") ? v.substring(1) : v);
            case DOUBLE -> {
                if (!DECIMAL.matcher(v).matches()) {
                    throw new NumberFormatException(v);
                }
                yield Double.parseDouble(v);
            }
            case BOOLEAN -> {
                if (!BOOLEAN.matcher(v).matches()) {
                    throw new IllegalArgumentException(v);
                }
                yield Boolean.parseBoolean(v);
            }
            case DATE -> LocalDate.parse(v);
            case TIMESTAMP -> {
                String iso = v.replace(' ', 'T');
                yield iso.endsWith("Z") || iso.matches(".*[+-]\\d{2}:\\d{2}$")
                        ? OffsetDateTime.parse(iso).toInstant() : LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
            }
            default -> text;
        };
    }
}
