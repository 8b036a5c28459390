package dev.weft.warehouse.snowflake;

import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.DialectGoldenTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Golden SQL of the Snowflake dialect and of what only {@link SnowflakeWarehouse} runs. */
class SnowflakeSqlTest extends DialectGoldenTest {

    @Override
    protected Dialect dialect() {
        return new SnowflakeDialect();
    }

    @Test
    void bulkLoadPutsGzipCsvIntoTheTableStageAndCopiesItIn() {
        String loadId = "weft_load_0123456789abcdef";
        assertGolden("bulk_load", List.of(
                SnowflakeStatements.put(Path.of("/tmp/weft-snowflake-load-1"), "people", loadId),
                SnowflakeStatements.copyInto("people", List.of("id", "email", "properties", "select", "Mixed Case"),
                        java.util.Set.of("properties"), loadId),
                SnowflakeStatements.removeStaged("people", loadId)));
    }

    @Test
    void bulkLoadIntoAQuotedTableName() {
        assertGolden("bulk_load_quoted_table", List.of(
                SnowflakeStatements.put(Path.of("/tmp/it's here"), "Order Items", "weft_load_1"),
                SnowflakeStatements.copyInto("Order Items", List.of("id"), java.util.Set.of(), "weft_load_1")));
    }

    @Test
    void catalogueQueries() {
        assertGolden("catalogue", List.of(SnowflakeStatements.listTables(), SnowflakeStatements.describeTable(),
                SnowflakeStatements.sessionCheck()));
    }

    @Test
    void catalogueTypesMapBackToNeutralTypes() {
        Dialect d = dialect();
        // what describeTable reads for each type createTable writes
        assertThat(List.of("NUMBER(38,0)", "FLOAT", "BOOLEAN", "TEXT", "TIMESTAMP_NTZ", "DATE", "VARIANT", "NUMBER(10,2)")
                .stream().map(d::neutralType).toList())
                .containsExactly(ColumnType.BIGINT, ColumnType.DOUBLE, ColumnType.BOOLEAN, ColumnType.VARCHAR,
                        ColumnType.TIMESTAMP, ColumnType.DATE, ColumnType.JSON, ColumnType.DOUBLE);
    }
}
