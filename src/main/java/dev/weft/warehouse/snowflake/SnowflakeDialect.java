package dev.weft.warehouse.snowflake;

import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Dialect;

import java.util.List;

/**
 * Snowflake: ANSI forms; unquoted identifiers fold to upper case, so Weft's own lower-case names are
 * left unquoted by {@link #ident(String)} and stay reachable from users' SQL. {@code HASH()} is 64-bit.
 */
public final class SnowflakeDialect implements Dialect {

    @Override
    public String name() {
        return "snowflake";
    }

    @Override
    public String typeName(ColumnType type) {
        return switch (type) {
            case BIGINT, INTEGER -> "NUMBER(38,0)";
            case DOUBLE -> "FLOAT";
            case BOOLEAN -> "BOOLEAN";
            case VARCHAR -> "VARCHAR";
            case TIMESTAMP -> "TIMESTAMP_NTZ";
            case DATE -> "DATE";
            case JSON -> "VARIANT";
        };
    }

    /** SWAP WITH exchanges the two tables atomically; the target must exist, so an empty one is made first. */
    @Override
    public List<String> swapTable(String staging, String target) {
        return List.of("CREATE TABLE IF NOT EXISTS " + ident(target) + " LIKE " + ident(staging),
                "ALTER TABLE " + ident(staging) + " SWAP WITH " + ident(target), dropTableIfExists(staging));
    }

    @Override
    public String hash64(String textExpr) {
        return "HASH(" + textExpr + ")";
    }

    @Override
    public String addDays(String tsExpr, String amountExpr) {
        return "DATEADD(day, " + amountExpr + ", " + tsExpr + ")";
    }

    @Override
    public String hashBigint(String bigintExpr, long seed) {
        return "HASH(" + bigintExpr + ", " + seed + ")";
    }

    @Override
    public String regexpContains(String textExpr, String patternExpr) {
        // REGEXP_LIKE/RLIKE match the whole string; REGEXP_INSTR finds a match anywhere.
        return "(REGEXP_INSTR(" + textExpr + ", " + patternExpr + ") > 0)";
    }

    /** {@code HASH()} takes several values of any type. */
    @Override
    public String hashValues(List<String> exprs) {
        return hash64(String.join(", ", exprs));
    }

    @Override
    public String currentUtcTimestamp() {
        return "SYSDATE()"; // UTC, TIMESTAMP_NTZ
    }

    @Override
    public String sha256Hex(String textExpr) {
        return "SHA2(" + textExpr + ", 256)";
    }

    @Override
    public String jsonObjectText(String keysAndValues) {
        return "TO_JSON(OBJECT_CONSTRUCT_KEEP_NULL(" + keysAndValues + "))";
    }

    /** Snowflake casts no object VARIANT to VARCHAR; TO_JSON writes it as JSON text. */
    @Override
    public String jsonDocumentText(String jsonExpr, boolean jsonTyped) {
        return jsonTyped ? "TO_JSON(" + jsonExpr + ")" : castToText(jsonExpr);
    }

    @Override
    public String jsonPropertyText(String jsonExpr, String keyExpr, boolean jsonTyped) {
        // GET needs a semi-structured value: JSON held as text (a VARCHAR column) is parsed first.
        return "CAST(GET(" + (jsonTyped ? jsonExpr : "PARSE_JSON(" + jsonExpr + ")") + ", " + keyExpr + ") AS VARCHAR)";
    }

    @Override
    public String containsText(String textExpr, String partExpr) {
        return "CONTAINS(" + textExpr + ", " + partExpr + ")";
    }

    @Override
    public String startsWithText(String textExpr, String prefixExpr) {
        return "STARTSWITH(" + textExpr + ", " + prefixExpr + ")";
    }

    @Override
    public String orderedStringAgg(String textExpr) {
        return "LISTAGG(" + textExpr + ", ',') WITHIN GROUP (ORDER BY " + textExpr + ")";
    }
}
