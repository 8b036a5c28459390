package dev.weft.warehouse.bigquery;

import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Dialect;

import java.util.List;

/**
 * BigQuery (GoogleSQL): back-tick quoting, {@code FARM_FINGERPRINT} for 64-bit hashing, no
 * session-less temporary tables (Weft uses tables that expire after a day instead).
 */
public final class BigQueryDialect implements Dialect {

    @Override
    public String name() {
        return "bigquery";
    }

    @Override
    public String quote(String identifier) {
        return '`' + identifier.replace("`", "\\`") + '`';
    }

    @Override
    public String typeName(ColumnType type) {
        return switch (type) {
            case BIGINT, INTEGER -> "INT64";
            case DOUBLE -> "FLOAT64";
            case BOOLEAN -> "BOOL";
            case VARCHAR -> "STRING";
            case TIMESTAMP -> "TIMESTAMP";
            case DATE -> "DATE";
            case JSON -> "JSON";
        };
    }

    /** BigQuery has no transactional DDL; CREATE OR REPLACE ... COPY replaces the table in one atomic job. */
    @Override
    public List<String> swapTable(String staging, String target) {
        return List.of("CREATE OR REPLACE TABLE " + ident(target) + " COPY " + ident(staging), dropTableIfExists(staging));
    }

    @Override
    public String hash64(String textExpr) {
        return "FARM_FINGERPRINT(" + textExpr + ")";
    }

    @Override
    public String currentTimestamp() {
        return "CURRENT_TIMESTAMP()";
    }

    @Override
    public String addDays(String tsExpr, String amountExpr) {
        return "TIMESTAMP_ADD(" + tsExpr + ", INTERVAL " + amountExpr + " DAY)";
    }

    @Override
    public List<String> createTempTableAs(String table, String select) {
        return List.of("CREATE OR REPLACE TABLE " + ident(table)
                + " OPTIONS (expiration_timestamp = TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL 1 DAY)) AS " + select);
    }

    @Override
    public String hashBigint(String bigintExpr, long seed) {
        return "FARM_FINGERPRINT(CONCAT(CAST(" + bigintExpr + " AS STRING), ':" + seed + "'))";
    }

    @Override
    public String regexpContains(String textExpr, String patternExpr) {
        return "REGEXP_CONTAINS(" + textExpr + ", " + patternExpr + ")";
    }

    @Override
    public String currentUtcTimestamp() {
        return "CURRENT_TIMESTAMP()"; // TIMESTAMP is UTC
    }

    @Override
    public String sha256Hex(String textExpr) {
        return "TO_HEX(SHA256(" + textExpr + "))";
    }

    @Override
    public String jsonObjectText(String keysAndValues) {
        return "TO_JSON_STRING(JSON_OBJECT(" + keysAndValues + "))";
    }

    /** BigQuery casts no JSON value to STRING; TO_JSON_STRING writes it as JSON text. */
    @Override
    public String jsonDocumentText(String jsonExpr, boolean jsonTyped) {
        return jsonTyped ? "TO_JSON_STRING(" + jsonExpr + ")" : castToText(jsonExpr);
    }

    @Override
    public String jsonPropertyText(String jsonExpr, String keyExpr, boolean jsonTyped) {
        return "JSON_VALUE(" + jsonExpr + "[" + keyExpr + "])";
    }

    @Override
    public String tryCastText(String textExpr, ColumnType type) {
        return type == ColumnType.BOOLEAN ? Dialect.super.tryCastText(textExpr, type)
                : "SAFE_CAST(" + textExpr + " AS " + typeName(type) + ")";
    }

    @Override
    public String containsText(String textExpr, String partExpr) {
        return "STRPOS(" + textExpr + ", " + partExpr + ") > 0";
    }

    @Override
    public String startsWithText(String textExpr, String prefixExpr) {
        return "STARTS_WITH(" + textExpr + ", " + prefixExpr + ")";
    }

    /** BigQuery wants the set quantifier spelt out. */
    @Override
    public String distinctSetOperator(String operator) {
        return operator + " DISTINCT";
    }

    @Override
    public String minBy(String valueExpr, String orderExpr) {
        return "ANY_VALUE(" + valueExpr + " HAVING MIN " + orderExpr + ")";
    }
}
