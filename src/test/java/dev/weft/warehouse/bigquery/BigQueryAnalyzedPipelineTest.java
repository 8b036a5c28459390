package dev.weft.warehouse.bigquery;

import dev.weft.testing.DemoPipelineDriver;
import dev.weft.warehouse.WarehouseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The demo pipeline on BigQuery without an account: every statement Weft generates for BigQuery, in run order, is
 * analyzed by BigQuery's own analyzer (ZetaSQL, BigQuery's language features) against a catalog of the tables the
 * run has made so far ({@link AnalyzedBigQueryWarehouse}). What this cannot prove (permissions, quotas, errors that
 * depend on data at run time) only {@code weft warehouse check} on a real project can.
 */
class BigQueryAnalyzedPipelineTest {

    @TempDir
    Path dir;

    private final AnalyzedBigQueryWarehouse warehouse = new AnalyzedBigQueryWarehouse();

    @Test
    void aBrokenStatementFailsWithTheAnalyzersMessage() {
        warehouse.execute("CREATE TABLE events (event_id STRING, occurred_at TIMESTAMP)");
        assertThatThrownBy(() -> warehouse.query("SELECT evnt_id FROM events", List.of(), row -> { }))
                .isInstanceOf(WarehouseException.class)
                .hasMessageContaining("Unrecognized name: evnt_id; Did you mean event_id?")
                .hasMessageContaining("SELECT evnt_id FROM events");
        // A type error, which no parser sees: a timestamp compared with a number.
        assertThatThrownBy(() -> warehouse.query("SELECT event_id FROM events WHERE occurred_at > ?", List.of(5L), row -> { }))
                .isInstanceOf(WarehouseException.class).hasMessageContaining("No matching signature for operator >");
        // DDL on a permanent table inside a transaction, which BigQuery refuses and the analyzer alone would not.
        assertThatThrownBy(() -> warehouse.execute("BEGIN TRANSACTION;\nCREATE TABLE more (a INT64);\nCOMMIT TRANSACTION;\n"))
                .hasMessageContaining("DDL on a permanent table is not allowed in a transaction");
        // A table dropped earlier in the run is gone for the statements after it.
        warehouse.execute(warehouse.dialect().dropTableIfExists("events"));
        assertThatThrownBy(() -> warehouse.query("SELECT event_id FROM events", List.of(), row -> { }))
                .hasMessageContaining("Table not found: events");
    }

    @Test
    void theDemoPipelineAnalyzesCleanly() throws Exception {
        try (DemoPipelineDriver demo = new DemoPipelineDriver(warehouse, dir)) {
            demo.run();
        }
        // Every family reached the analyzer.
        assertThat(warehouse.sent()).extracting(s -> s.sql().strip().split("\\s+")[0].toUpperCase(java.util.Locale.ROOT))
                .contains("CREATE", "INSERT", "MERGE", "DELETE", "SELECT", "WITH", "DROP");
        assertThat(warehouse.sent().size()).isGreaterThan(300);
    }
}
