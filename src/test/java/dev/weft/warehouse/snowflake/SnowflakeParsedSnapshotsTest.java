package dev.weft.warehouse.snowflake;

import dev.weft.testing.SnapshotsDriver;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.SqlTemplates;
import dev.weft.warehouse.bigquery.AnalyzedBigQueryWarehouse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every statement of a snapshot's first and later runs, as Snowflake would get it, parses and passes the checks of
 * {@link SnowflakeParsedPipelineTest} (Snowflake's functions only, no lower-case quoted names).
 */
class SnowflakeParsedSnapshotsTest {

    @Test
    void bothStrategiesParseOnTheirFirstAndLaterRuns(@TempDir Path dir) throws Exception {
        // BigQuery's analyzed run knows the tables' columns; Snowflake's run borrows them, as the pipeline test does.
        AnalyzedBigQueryWarehouse columns = new AnalyzedBigQueryWarehouse();
        SnapshotsDriver.run(columns, dir.resolve("bigquery"));
        ParsedSnowflakeWarehouse snowflake = new ParsedSnowflakeWarehouse(columns::describeEverMade);
        SnapshotsDriver.run(snowflake, dir.resolve("snowflake"));

        assertThat(snowflake.parsed()).isNotEmpty().allSatisfy(s -> {
            assertThat(SnowflakeParsedPipelineTest.unknownFunctions(s.sql())).as(s.sql()).isEmpty();
            assertThat(SnowflakeParsedPipelineTest.caseSensitiveNames(s.sql())).as(s.sql()).isEmpty();
        });
        assertThat(snowflake.parsed()).anyMatch(s -> s.sql().contains("SYSDATE()"));
        assertThat(snowflake.parsed()).anyMatch(s -> s.sql().contains("'True'"));
        // Snowflake's run borrows the columns BigQuery's ended with, so it never adds one: the ALTER is parsed here.
        SnowflakeDialect d = new SnowflakeDialect();
        String addColumn = SqlTemplates.render(d, "models/snapshot.sql#add_column", Map.of("name", "customers_by_check", "column", "plan",
                "type", d.typeName(ColumnType.VARCHAR)));
        assertThat(ParsedSnowflakeWarehouse.parse(addColumn)).isNotNull();
        assertThat(SnowflakeParsedPipelineTest.caseSensitiveNames(addColumn)).isEmpty();
    }
}
