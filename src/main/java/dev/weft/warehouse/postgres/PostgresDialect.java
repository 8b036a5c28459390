package dev.weft.warehouse.postgres;

import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.WarehouseNames;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * PostgreSQL 15+: no {@code CREATE OR REPLACE TABLE} (drop then create, in one transaction), views
 * replaced by drop and create (Postgres refuses to change a view's columns in place), and
 * {@code hashtextextended} for 64-bit hashing.
 */
public final class PostgresDialect implements Dialect {

    @Override
    public String name() {
        return "postgres";
    }

    /** Postgres silently keeps the first 63 bytes of a longer identifier (NAMEDATALEN - 1), whole characters only. */
    @Override
    public String storedName(String identifier) {
        byte[] bytes = identifier.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= WarehouseNames.MAX_LENGTH) {
            return identifier;
        }
        int end = WarehouseNames.MAX_LENGTH;
        while ((bytes[end] & 0xC0) == 0x80) {
            end--; // not inside a multi-byte character
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    @Override
    public String typeName(ColumnType type) {
        return switch (type) {
            case BIGINT -> "BIGINT";
            case INTEGER -> "INTEGER";
            case DOUBLE -> "DOUBLE PRECISION";
            case BOOLEAN -> "BOOLEAN";
            case VARCHAR -> "TEXT";
            case TIMESTAMP -> "TIMESTAMP";
            case DATE -> "DATE";
            case JSON -> "JSONB";
        };
    }

    @Override
    public String hash64(String textExpr) {
        return "hashtextextended(" + textExpr + ", 0)";
    }

    @Override
    public String addDays(String tsExpr, String amountExpr) {
        return "(" + tsExpr + " + CAST(" + amountExpr + " AS BIGINT) * INTERVAL '1 day')";
    }

    @Override
    public List<String> createTable(String table, List<Column> columns, boolean replace) {
        String cols = columns.stream().map(c -> ident(c.name()) + " " + typeName(c.type()))
                .collect(Collectors.joining(", "));
        String create = "CREATE TABLE " + ident(table) + " (" + cols + ")";
        return replace ? List.of(dropTableIfExists(table), create) : List.of(create);
    }

    @Override
    public List<String> createTableAs(String table, String select, boolean replace) {
        String create = "CREATE TABLE " + ident(table) + " AS " + select;
        return replace ? List.of(dropTableIfExists(table), create) : List.of(create);
    }

    @Override
    public List<String> createOrReplaceView(String view, String select) {
        return List.of(dropViewIfExists(view) + " CASCADE", "CREATE VIEW " + ident(view) + " AS " + select);
    }

    /**
     * Drop and rename in one transaction (Postgres DDL is transactional). CASCADE: views bind to the
     * old table's identity, not its name, so dependent views go with it; a models run rebuilds its
     * downstream views after the table.
     */
    @Override
    public List<String> swapTable(String staging, String target) {
        return List.of(dropTableIfExists(target) + " CASCADE", renameTable(staging, target));
    }

    @Override
    public List<String> createTempTableAs(String table, String select) {
        return List.of(dropTableIfExists(table), "CREATE TEMPORARY TABLE " + ident(table) + " AS " + select);
    }

    /** The database's collation may be a language's (en_US sorts '_' and case its own way); "C" is code-point order. */
    @Override
    public String binaryOrder(String textExpr) {
        return textExpr + " COLLATE \"C\"";
    }

    @Override
    public String hashBigint(String bigintExpr, long seed) {
        return "hashint8extended(" + bigintExpr + ", " + seed + ")";
    }

    @Override
    public String regexpReplaceAll(String textExpr, String patternExpr, String replacementExpr) {
        return "regexp_replace(" + textExpr + ", " + patternExpr + ", " + replacementExpr + ", 'g')";
    }

    @Override
    public String trimCharacters(String textExpr, String charactersExpr) {
        return "BTRIM(" + textExpr + ", " + charactersExpr + ")";
    }

    @Override
    public String regexpContains(String textExpr, String patternExpr) {
        return "(" + textExpr + " ~ " + patternExpr + ")";
    }

    @Override
    public String sha256Hex(String textExpr) {
        return "encode(sha256(convert_to(" + textExpr + ", 'UTF8')), 'hex')";
    }

    @Override
    public String jsonObjectText(String keysAndValues) {
        return "CAST(json_build_object(" + keysAndValues + ") AS TEXT)";
    }

    /**
     * Postgres has no TRY_CAST: the text must look like a JSON number, or an ISO date or timestamp (UTC when it has no
     * offset) before it is cast, since a cast that fails fails the statement.
     */
    @Override
    public String tryCastText(String textExpr, ColumnType type) {
        return switch (type) {
            case DOUBLE -> "(CASE WHEN " + textExpr + " ~ '" + JSON_NUMBER_PATTERN + "'"
                    + " THEN CAST(" + textExpr + " AS DOUBLE PRECISION) END)";
            case TIMESTAMP -> "(CASE WHEN " + textExpr + " !~ '" + ISO_TIMESTAMP + "' THEN NULL"
                    + " WHEN " + textExpr + " ~ '" + UTC_OFFSET_PATTERN + "' THEN (CAST(" + textExpr
                    + " AS TIMESTAMPTZ) AT TIME ZONE 'UTC') ELSE CAST(" + textExpr + " AS TIMESTAMP) END)";
            default -> Dialect.super.tryCastText(textExpr, type);
        };
    }

    private static final String ISO_TIMESTAMP = "^[0-9][0-9][0-9][0-9]-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
            + "([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]+|)|)(Z|[+-][0-9][0-9]:[0-9][0-9]|)|)$";

    @Override
    public String jsonPropertyText(String jsonExpr, String keyExpr, boolean jsonTyped) {
        return jsonTyped ? "(" + jsonExpr + " ->> " + keyExpr + ")" : "(CAST(" + jsonExpr + " AS jsonb) ->> " + keyExpr + ")";
    }
}
