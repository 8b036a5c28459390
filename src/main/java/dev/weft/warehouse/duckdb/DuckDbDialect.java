package dev.weft.warehouse.duckdb;

import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Dialect;
import org.jooq.SQLDialect;

import java.util.List;

/** DuckDB: ANSI forms, {@code hash()} (unsigned 64-bit, shifted into BIGINT range) and native MERGE. */
public final class DuckDbDialect implements Dialect {

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public String typeName(ColumnType type) {
        return switch (type) {
            case BIGINT -> "BIGINT";
            case INTEGER -> "INTEGER";
            case DOUBLE -> "DOUBLE";
            case BOOLEAN -> "BOOLEAN";
            case VARCHAR -> "VARCHAR";
            case TIMESTAMP -> "TIMESTAMP";
            case DATE -> "DATE";
            case JSON -> "JSON";
        };
    }

    /**
     * Uncompressed: DuckDB's string compression (FSST, dictionary) costs more to write than it saves on text
     * that rarely repeats. Writing 53M identifiers with their values and profile IDs took 20.7 s compressed,
     * 7.1 s uncompressed, for a larger file.
     */
    @Override
    public String valueTextType() {
        return "VARCHAR USING COMPRESSION uncompressed";
    }

    @Override
    public String hash64(String textExpr) {
        // hash() is UBIGINT; dropping the top bit keeps it in BIGINT range without an overflow error.
        return "CAST(hash(" + textExpr + ") >> 1 AS BIGINT)";
    }

    @Override
    public String addDays(String tsExpr, String amountExpr) {
        return "(" + tsExpr + " + CAST(" + amountExpr + " AS BIGINT) * INTERVAL 1 DAY)";
    }

    @Override
    public List<String> createTempTableAs(String table, String select) {
        return List.of("CREATE OR REPLACE TEMP TABLE " + ident(table) + " AS " + select);
    }

    @Override
    public String hashBigint(String bigintExpr, long seed) {
        return "hash(" + bigintExpr + ", CAST(" + seed + " AS BIGINT))";
    }

    @Override
    public String regexpReplaceAll(String textExpr, String patternExpr, String replacementExpr) {
        return "regexp_replace(" + textExpr + ", " + patternExpr + ", " + replacementExpr + ", 'g')";
    }

    @Override
    public String regexpContains(String textExpr, String patternExpr) {
        return "regexp_matches(" + textExpr + ", " + patternExpr + ")";
    }

    /** DuckDB hashes several typed values natively, far faster than hashing their text joined. */
    @Override
    public String hashValues(List<String> exprs) {
        return hash64(String.join(", ", exprs));
    }

    @Override
    public String sha256Hex(String textExpr) {
        return "sha256(" + textExpr + ")";
    }

    @Override
    public String jsonObjectText(String keysAndValues) {
        return "CAST(json_object(" + keysAndValues + ") AS VARCHAR)";
    }

    /**
     * TRY_CAST alone reads " 12", "inf" and "NaN" as numbers and drops a timestamp's offset: numbers must look like
     * JSON numbers, and a timestamp with an offset goes through TIMESTAMPTZ to UTC.
     */
    @Override
    public String tryCastText(String textExpr, ColumnType type) {
        return switch (type) {
            case DOUBLE -> "(CASE WHEN regexp_matches(" + textExpr + ", '" + JSON_NUMBER_PATTERN + "') THEN TRY_CAST("
                    + textExpr + " AS DOUBLE) END)";
            case TIMESTAMP -> "(CASE WHEN regexp_matches(" + textExpr + ", '" + UTC_OFFSET_PATTERN + "') THEN CAST(TRY_CAST("
                    + textExpr + " AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS TIMESTAMP) ELSE TRY_CAST(" + textExpr + " AS TIMESTAMP) END)";
            default -> Dialect.super.tryCastText(textExpr, type);
        };
    }

    @Override
    public String jsonPropertyText(String jsonExpr, String keyExpr, boolean jsonTyped) {
        return "json_extract_string(" + jsonExpr + ", " + keyExpr + ")";
    }

    /** {@code json_extract_string} takes a JSONPath. */
    @Override
    public String jsonPropertyKey(String name) {
        return "$." + name;
    }

    /**
     * In an attached in-memory database ({@code weft_work}): work tables are rewritten every round, and in the
     * database file each one would be logged, committed and checkpointed to disk for nothing. The buffer manager
     * still spills them to the temp directory under the memory limit.
     */
    @Override
    public String workTablePrefix(String prefix) {
        return "weft_work." + prefix;
    }

    @Override
    public List<String> prepareWorkTables() {
        return List.of("ATTACH IF NOT EXISTS ':memory:' AS weft_work");
    }

    @Override
    public SQLDialect jooqDialect() {
        return SQLDialect.DUCKDB;
    }
}
