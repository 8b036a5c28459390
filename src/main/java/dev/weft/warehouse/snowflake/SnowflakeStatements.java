package dev.weft.warehouse.snowflake;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The statements only Snowflake runs: bulk loads through the table's own stage, and catalogue reads.
 * Built without a connection, so the golden tests check exactly what {@link SnowflakeWarehouse} sends.
 */
final class SnowflakeStatements {

    /**
     * The CSV that {@link CsvRows} writes: strings always enclosed in double quotes, so {@code ,,} is NULL
     * and {@code ,"",} the empty string; no NULL_IF markers, so the text {@code \N} stays text.
     */
    static final String CSV_FORMAT = "TYPE = CSV COMPRESSION = GZIP FIELD_DELIMITER = ',' RECORD_DELIMITER = '\\n'"
            + " FIELD_OPTIONALLY_ENCLOSED_BY = '\"' ESCAPE_UNENCLOSED_FIELD = NONE EMPTY_FIELD_AS_NULL = TRUE NULL_IF = ()"
            + " TIMESTAMP_FORMAT = 'YYYY-MM-DD HH24:MI:SS.FF6' DATE_FORMAT = 'YYYY-MM-DD' ENCODING = 'UTF8'";

    private static final SnowflakeDialect DIALECT = new SnowflakeDialect();

    private SnowflakeStatements() {
    }

    /** The table's stage with a folder per load, so concurrent loads into one table never take each other's files. */
    static String stageLocation(String table, String loadId) {
        return "@%" + DIALECT.ident(table) + "/" + loadId + "/";
    }

    /** Uploads every gzip file in a local folder to the load's stage folder (already compressed: no second gzip). */
    static String put(Path localDir, String table, String loadId) {
        String dir = localDir.toAbsolutePath().toString().replace('\\', '/');
        String files = (dir.startsWith("/") ? "" : "/") + dir + "/*.csv.gz"; // Windows: file:///C:/...
        return "PUT " + literal("file://" + files) + " " + stageLocation(table, loadId)
                + " AUTO_COMPRESS = FALSE SOURCE_COMPRESSION = GZIP PARALLEL = 4 OVERWRITE = TRUE";
    }

    /**
     * Loads the staged files in one atomic statement and removes them from the stage when it succeeds.
     * The SELECT maps file fields to the listed columns (a column list needs one) and parses JSON text
     * for semi-structured columns, which would otherwise hold it as one string.
     */
    static String copyInto(String table, List<String> columns, Set<String> jsonColumns, String loadId) {
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String field = "$" + (i + 1);
            fields.add(jsonColumns.contains(columns.get(i).toLowerCase(Locale.ROOT)) ? "PARSE_JSON(" + field + ")" : field);
        }
        return "COPY INTO " + DIALECT.ident(table) + " ("
                + columns.stream().map(DIALECT::ident).collect(Collectors.joining(", ")) + ")"
                + " FROM (SELECT " + String.join(", ", fields) + " FROM " + stageLocation(table, loadId) + ")"
                + " FILE_FORMAT = (" + CSV_FORMAT + ")"
                + " ON_ERROR = ABORT_STATEMENT PURGE = TRUE";
    }

    /** Removes a failed load's files from the stage (a successful COPY purges them itself). */
    static String removeStaged(String table, String loadId) {
        return "REMOVE " + stageLocation(table, loadId);
    }

    /** Tables and views of one schema; binds: schema. Unquoted names are upper case in the catalogue. */
    static String listTables() {
        return "SELECT lower(table_name) FROM information_schema.tables"
                + " WHERE upper(table_schema) = upper(?) ORDER BY 1";
    }

    /**
     * Columns of one table or view; binds: schema, table. NUMBER carries its precision and scale, so
     * NUMBER(38,0) (Weft's BIGINT) is told apart from decimals.
     */
    static String describeTable() {
        return "SELECT lower(column_name), CASE WHEN data_type = 'NUMBER'"
                + " THEN 'NUMBER(' || numeric_precision || ',' || numeric_scale || ')' ELSE data_type END"
                + " FROM information_schema.columns"
                + " WHERE upper(table_schema) = upper(?) AND upper(table_name) = upper(?) ORDER BY ordinal_position";
    }

    /** Fails the start early, with a clear message, when the session has no usable schema or warehouse. */
    static String sessionCheck() {
        return "SELECT CURRENT_DATABASE(), CURRENT_SCHEMA(), CURRENT_WAREHOUSE()";
    }

    private static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
