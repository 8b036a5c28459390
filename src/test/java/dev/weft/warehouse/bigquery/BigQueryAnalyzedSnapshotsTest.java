package dev.weft.warehouse.bigquery;

import dev.weft.testing.SnapshotsDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every statement of a snapshot's first and later runs, as BigQuery would get it, passes BigQuery's analyzer. */
class BigQueryAnalyzedSnapshotsTest {

    @Test
    void bothStrategiesAnalyzeOnTheirFirstAndLaterRuns(@TempDir Path dir) throws Exception {
        AnalyzedBigQueryWarehouse warehouse = new AnalyzedBigQueryWarehouse();
        SnapshotsDriver.run(warehouse, dir);
        assertThat(warehouse.describeTable("customers_by_time").orElseThrow().columns()).extracting(c -> c.name())
                .containsExactly("id", "email", "plan", "updated_at", "dbt_scd_id", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to");
        // the column its query gained, added by the second run
        assertThat(warehouse.describeTable("customers_by_check").orElseThrow().columns()).extracting(c -> c.name())
                .containsExactly("id", "email", "dbt_scd_id", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to", "plan");
        assertThat(warehouse.describeTable("customers_deletions").orElseThrow().columns()).extracting(c -> c.name())
                .endsWith("dbt_valid_to", "dbt_is_deleted");
    }
}
