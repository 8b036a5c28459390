package dev.weft.warehouse.throwaway;

import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Dialect;

/** The methods every dialect must write, in DuckDB's SQL; everything else is {@link Dialect}'s defaults. */
final class ThrowawayDialect implements Dialect {

    @Override
    public String name() {
        return "throwaway";
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

    @Override
    public String hash64(String textExpr) {
        return "CAST(hash(" + textExpr + ") >> 1 AS BIGINT)";
    }

    @Override
    public String hashBigint(String bigintExpr, long seed) {
        return "hash(" + bigintExpr + ", CAST(" + seed + " AS BIGINT))";
    }

    @Override
    public String regexpContains(String textExpr, String patternExpr) {
        return "regexp_matches(" + textExpr + ", " + patternExpr + ")";
    }

    @Override
    public String addDays(String tsExpr, String amountExpr) {
        return "(" + tsExpr + " + CAST(" + amountExpr + " AS BIGINT) * INTERVAL 1 DAY)";
    }

    @Override
    public String sha256Hex(String textExpr) {
        return "sha256(" + textExpr + ")";
    }

    @Override
    public String jsonObjectText(String keysAndValues) {
        return "CAST(json_object(" + keysAndValues + ") AS VARCHAR)";
    }

    @Override
    public String jsonPropertyText(String jsonExpr, String keyExpr, boolean jsonTyped) {
        return "json_extract_string(" + jsonExpr + ", " + keyExpr + ")";
    }

    @Override
    public String jsonPropertyKey(String name) {
        return "$." + name;
    }
}
