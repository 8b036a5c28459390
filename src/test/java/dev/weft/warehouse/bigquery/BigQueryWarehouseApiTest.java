package dev.weft.warehouse.bigquery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.WeftException;
import dev.weft.warehouse.BulkWriter;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.TableInfo;
import dev.weft.warehouse.WarehouseConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link BigQueryWarehouse} against a fake of the BigQuery REST API ({@link FakeBigQueryApi}): what it
 * sends (jobs, parameters, scripts, load files) and how it reads what comes back (typed cells, pages,
 * errors). The SQL itself runs only in the integration test against real BigQuery.
 */
class BigQueryWarehouseApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private FakeBigQueryApi api;
    private BigQueryWarehouse warehouse;

    @BeforeEach
    void start() throws Exception {
        api = new FakeBigQueryApi();
        warehouse = new BigQueryWarehouse(api.config());
    }

    @AfterEach
    void stop() throws Exception {
        warehouse.close();
        api.close();
    }

    @Test
    void queriesRunInTheDefaultDatasetWithTypedPositionalParameters() {
        api.answer = job -> FakeBigQueryApi.Result.dml(3);
        long affected = warehouse.execute("UPDATE people SET email = ?, score = ? WHERE id = ? AND seen_at < ? AND born = ? AND active = ?",
                "a@x.com", 1.5, 7L, Instant.parse("2025-03-04T05:06:07.123456Z"), LocalDate.of(1990, 1, 2), true);
        assertThat(affected).isEqualTo(3);
        FakeBigQueryApi.JobRequest job = api.jobs.get(0);
        assertThat(job.configuration().path("query").path("useLegacySql").asBoolean(true)).isFalse();
        assertThat(job.configuration().path("query").path("defaultDataset").path("datasetId").asText()).isEqualTo("d");
        List<String> params = new ArrayList<>();
        job.parameters().forEach(p -> params.add(p.path("parameterType").path("type").asText() + ":" + p.path("parameterValue").path("value").asText()));
        assertThat(params).containsExactly("STRING:a@x.com", "FLOAT64:1.5", "INT64:7",
                "TIMESTAMP:2025-03-04 05:06:07.123456+00:00", "DATE:1990-01-02", "BOOL:true");
    }

    @Test
    void nullBindsAreSentAsNullLiterals() {
        warehouse.execute("INSERT INTO people (id, email, score) VALUES (?, ?, ?)", 1L, null, null);
        assertThat(api.jobs.get(0).query()).isEqualTo("INSERT INTO people (id, email, score) VALUES (?, NULL, NULL)");
        assertThat(api.jobs.get(0).parameters()).hasSize(1);
    }

    @Test
    void resultsAreReadPageByPageWithTypedValues() {
        List<String[]> fields = List.of(new String[]{"ID", "INTEGER"}, new String[]{"email", "STRING"},
                new String[]{"score", "FLOAT"}, new String[]{"active", "BOOLEAN"}, new String[]{"seen_at", "TIMESTAMP"},
                new String[]{"born", "DATE"});
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[]{"1", "a@x.com", "1.5", "true", "1.741064767123456E9", "1990-01-02"});
        rows.add(new Object[]{"2", "", null, "false", null, null});
        for (long i = 3; i <= 10_001; i++) {
            rows.add(new Object[]{String.valueOf(i), "x", "0", "true", "0", "2000-01-01"});
        }
        api.answer = job -> FakeBigQueryApi.Result.rows(fields, rows);
        List<Object[]> firstTwo = new ArrayList<>();
        long[] count = {0, 0};
        warehouse.query("SELECT * FROM people", List.of(), r -> {
            count[0]++;
            count[1] += r.getLong(0);
            if (firstTwo.size() < 2) {
                firstTwo.add(new Object[]{r.columnName(0), r.getLong(0), r.getString(1), r.getDouble(2), r.getBoolean(3),
                        r.getInstant(4), r.getDate(5)});
            }
        });
        assertThat(count[0]).isEqualTo(10_001);
        assertThat(count[1]).isEqualTo(10_001L * 10_002 / 2);
        assertThat(firstTwo.get(0)).containsExactly("id", 1L, "a@x.com", 1.5, true,
                Instant.parse("2025-03-04T05:06:07.123456Z"), LocalDate.of(1990, 1, 2));
        assertThat(firstTwo.get(1)).containsExactly("id", 2L, "", null, false, null, null);
        // 10,000 rows a page: the second page is asked for with the first one's token
        assertThat(api.dataPageRequests).hasSize(2);
        assertThat(api.dataPageRequests.get(1)).contains("pageToken=10000");
        assertThat(api.dataPageRequests.get(0)).contains("maxResults=10000");
    }

    @Test
    void statementListsRunAsOneScript() {
        warehouse.executeAll(List.of("INSERT INTO numbers VALUES (1)", "DELETE FROM numbers WHERE n > 5"));
        assertThat(api.queries()).containsExactly(
                "BEGIN TRANSACTION;\nINSERT INTO numbers VALUES (1);\nDELETE FROM numbers WHERE n > 5;\nCOMMIT TRANSACTION;\n");
    }

    @Test
    void aFailedJobNamesTheWarehouseTheErrorAndTheStatement() {
        api.answer = job -> FakeBigQueryApi.Result.error("Not found: Table p:d.no_such_table was not found in location EU");
        assertThatThrownBy(() -> warehouse.execute("SELECT * FROM no_such_table"))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("warehouse 'bq' (bigquery)")
                .hasMessageContaining("no_such_table was not found")
                .hasMessageContaining("in: SELECT * FROM no_such_table");
    }

    @Test
    void aTimeLimitIsSentAsTheJobTimeoutAndOnlyOnLimitedStatements() {
        api.answer = job -> FakeBigQueryApi.Result.dml(0);
        warehouse.withQueryTimeout(java.time.Duration.ofMillis(2500)).execute("DELETE FROM numbers WHERE n > 5");
        warehouse.execute("DELETE FROM numbers WHERE n > 6");
        assertThat(api.jobs.get(0).configuration().path("jobTimeoutMs").asLong()).isEqualTo(2500);
        assertThat(api.jobs.get(1).configuration().has("jobTimeoutMs")).isFalse();
    }

    @Test
    void tablesAreListedAndDescribedCaseInsensitively() {
        api.table("People", "TABLE", "id", "INTEGER", "email", "STRING", "score", "FLOAT", "active", "BOOLEAN",
                "seen_at", "TIMESTAMP", "born", "DATE", "properties", "JSON");
        api.table("people_v", "VIEW", "id", "INTEGER");
        assertThat(warehouse.listTables()).containsExactly("people", "people_v");
        TableInfo info = warehouse.describeTable("people").orElseThrow();
        assertThat(info.columns()).extracting(TableInfo.ColumnInfo::type).containsExactly(ColumnType.BIGINT, ColumnType.VARCHAR,
                ColumnType.DOUBLE, ColumnType.BOOLEAN, ColumnType.TIMESTAMP, ColumnType.DATE, ColumnType.JSON);
        assertThat(warehouse.describeTable("people_v").orElseThrow().columns()).hasSize(1);
        assertThat(warehouse.describeTable("nope")).isEmpty();
    }

    @Test
    void bulkLoadsStreamNewlineDelimitedJsonIntoOneAppendingLoadJob() throws Exception {
        api.table("people", "TABLE", "id", "INTEGER", "email", "STRING", "score", "FLOAT", "seen_at", "TIMESTAMP",
                "born", "DATE", "properties", "JSON");
        try (BulkWriter w = warehouse.bulkWriter("people", List.of("id", "email", "score", "seen_at", "born", "properties"))) {
            w.append(1L, "a@x.com", 1.5, Instant.parse("2025-03-04T05:06:07.123456Z"), LocalDate.of(1990, 1, 2), "{\"plan\": \"pro\"}");
            w.append(2L, "", null, null, null, null);
            w.append(3L, "quote\"comma,newline\nend", Double.NaN, null, null, "[1,2]");
            assertThatThrownBy(() -> w.append(4L, "x", 1.0, null, null, "{not json")).isInstanceOf(Exception.class);
            assertThat(w.rowCount()).isEqualTo(3);
        }
        JsonNode load = api.jobs.get(0).configuration().path("load");
        assertThat(load.path("sourceFormat").asText()).isEqualTo("NEWLINE_DELIMITED_JSON");
        assertThat(load.path("writeDisposition").asText()).isEqualTo("WRITE_APPEND");
        assertThat(load.path("createDisposition").asText()).isEqualTo("CREATE_NEVER");
        assertThat(load.path("destinationTable").path("tableId").asText()).isEqualTo("people");
        assertThat(api.uploads).hasSize(1);
        List<String> lines = Arrays.asList(api.uploads.get(0).split("\n"));
        assertThat(lines).containsExactly(
                "{\"id\":1,\"email\":\"a@x.com\",\"score\":1.5,\"seen_at\":\"2025-03-04 05:06:07.123456\",\"born\":\"1990-01-02\",\"properties\":{\"plan\":\"pro\"}}",
                "{\"id\":2,\"email\":\"\",\"score\":null,\"seen_at\":null,\"born\":null,\"properties\":null}",
                "{\"id\":3,\"email\":\"quote\\\"comma,newline\\nend\",\"score\":\"NaN\",\"seen_at\":null,\"born\":null,\"properties\":[1,2]}");
        assertThat(JSON.readTree(lines.get(2)).path("email").asText()).isEqualTo("quote\"comma,newline\nend");
    }

    @Test
    void aFailedLoadJobIsAnErrorAndAnEmptyLoadSendsNothing() {
        api.table("numbers", "TABLE", "n", "INTEGER");
        try (BulkWriter w = warehouse.bulkWriter("numbers", List.of("n"))) {
            assertThat(w.rowCount()).isZero();
        }
        assertThat(api.jobs).isEmpty();
        api.loadError = "Error while reading data, error message: JSON table encountered too many errors";
        assertThatThrownBy(() -> {
            try (BulkWriter w = warehouse.bulkWriter("numbers", List.of("n"))) {
                w.append(1L);
            }
        }).hasMessageContaining("load job into numbers failed").hasMessageContaining("too many errors");
    }

    @Test
    void aMissingDatasetStopsTheOpenNamingTheKey() {
        WarehouseConfig c = api.config();
        WarehouseConfig wrong = new WarehouseConfig(c.name(), c.type(), null, null, null, c.url(), null, null, null, null,
                null, null, null, c.project(), "other", null, null, null);
        assertThatThrownBy(() -> new BigQueryWarehouse(wrong))
                .hasMessageContaining("weft.warehouses.bq.dataset = 'other' does not exist in project p");
    }
}
