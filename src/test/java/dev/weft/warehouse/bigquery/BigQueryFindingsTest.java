package dev.weft.warehouse.bigquery;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.audiences.AudienceDefinition;
import dev.weft.audiences.AudienceQueries;
import dev.weft.audiences.AudienceSchema;
import dev.weft.identity.IdentityTables;
import dev.weft.testing.DemoPipelineDriver;
import dev.weft.warehouse.SqlTemplates;
import dev.weft.warehouse.WarehouseException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the analyzed pipeline ({@link BigQueryAnalyzedPipelineTest}) found, one test each: the rule BigQuery enforces,
 * shown failing in the analyzer, and Weft's statement that now keeps it. (A fourth finding, LocalDateTime binds, is
 * {@code BigQuerySqlTest.localDateTimesBindAsUtcTimestamps}.)
 */
class BigQueryFindingsTest {

    private final AnalyzedBigQueryWarehouse warehouse = new AnalyzedBigQueryWarehouse();

    /** BigQuery has no bare UNION: ALL or DISTINCT must be said (Snowflake refuses UNION DISTINCT, so: ALL, then DISTINCT). */
    @Test
    void theDemoModelsHaveNoBareUnion() throws Exception {
        assertThatThrownBy(() -> warehouse.query("SELECT 1 AS a UNION SELECT 2", List.of(), row -> { }))
                .isInstanceOf(WarehouseException.class).hasMessageContaining("Expected keyword ALL or keyword DISTINCT");
        Pattern bareUnion = Pattern.compile("(?i)\\bunion\\b(?!\\s+(all|distinct)\\b)");
        try (var models = Files.walk(DemoPipelineDriver.PROJECT.resolve("models"))) {
            assertThat(models.filter(f -> f.toString().endsWith(".sql")).toList())
                    .isNotEmpty().allSatisfy(f -> assertThat(bareUnion.matcher(Files.readString(f).replaceAll("--.*", "")).find()).as(f.toString()).isFalse());
        }
    }

    /** BigQuery refuses a DELETE without WHERE; identity's full run clears its junk table with one. */
    @Test
    void identityClearsItsJunkTableWithAWhere() {
        warehouse.execute("CREATE TABLE weft_id_junk (id_type STRING, id_value STRING)");
        assertThatThrownBy(() -> warehouse.execute("DELETE FROM weft_id_junk")).hasMessageContaining("DELETE must have a WHERE clause");
        warehouse.execute(SqlTemplates.render(warehouse.dialect(), "identity/stage.sql#junk_clear",
                Map.of("t", IdentityTables.LIVE.asMap())));
    }

    /**
     * BigQuery has LIMIT but not FETCH NEXT, which jOOQ renders for a limit: the audience preview and the diff
     * of a new version number their rows.
     */
    @Test
    void theAudiencePreviewAndDiffHaveNoFetch() throws Exception {
        warehouse.execute("CREATE TABLE weft_profiles (profile_id STRING)");
        warehouse.execute("CREATE TABLE profile_traits (profile_id STRING, email STRING)");
        warehouse.execute("CREATE TABLE profile_events (profile_id STRING, event_name STRING, occurred_at TIMESTAMP, properties JSON)");
        assertThatThrownBy(() -> warehouse.query("SELECT profile_id FROM profile_traits ORDER BY profile_id FETCH NEXT 10 ROWS ONLY",
                List.of(), row -> { })).hasMessageContaining("Syntax error");
        AudienceSchema schema = AudienceSchema.read(warehouse, "profile_traits", "profile_events");
        AudienceDefinition definition = AudienceDefinition.parse(new ObjectMapper().readTree(
                "{\"conditions\": [{\"type\": \"trait\", \"column\": \"email\", \"operator\": \"is_set\"}]}"), schema);
        AudienceQueries queries = new AudienceQueries(warehouse.dialect(), schema, LocalDateTime.parse("2025-06-01T00:00:00"));
        AudienceQueries.Rendered preview = queries.render(queries.preview(queries.members("a", definition, id -> Optional.empty()), 10));
        warehouse.query(preview.sql(), preview.binds(), row -> { });
        AudienceQueries.Rendered diff = queries.render(queries.diff(queries.members("a", definition, id -> Optional.empty()),
                queries.members("a", definition, id -> Optional.empty()), 10));
        warehouse.query(diff.sql(), diff.binds(), row -> { });
    }
}
