package dev.weft.warehouse.bigquery;

import dev.weft.WeftException;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.DialectGoldenTest;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Golden SQL of the BigQuery dialect and of the script and bind rewriting {@link BigQueryWarehouse} does. */
class BigQuerySqlTest extends DialectGoldenTest {

    @Override
    protected Dialect dialect() {
        return new BigQueryDialect();
    }

    @Test
    void dmlStatementsRunAsOneTransaction() {
        assertGolden("script_transaction", List.of(BigQueryStatements.script(List.of(
                "INSERT INTO numbers VALUES (1)",
                "DELETE FROM numbers WHERE n < 0;",
                "MERGE INTO state AS t USING (SELECT 1 AS k) AS s ON t.k = s.k WHEN NOT MATCHED THEN INSERT (k) VALUES (s.k)",
                "CREATE TEMP TABLE tmp AS SELECT 1 AS a",
                "WITH x AS (SELECT 1 AS a) SELECT a FROM x"))));
    }

    @Test
    void ddlOnPermanentTablesRunsAsAPlainScript() {
        BigQueryDialect d = new BigQueryDialect();
        List<String> statements = new java.util.ArrayList<>(d.createTableAs("t_next", "SELECT 1 AS a", true));
        statements.add("INSERT INTO t_next VALUES (2)");
        statements.add(d.dropTableIfExists("t"));
        statements.add(d.renameTable("t_next", "t"));
        assertGolden("script_ddl", List.of(BigQueryStatements.script(statements)));
    }

    @Test
    void aSingleStatementIsSentAsItIs() {
        assertThat(BigQueryStatements.script(List.of("CREATE TABLE a (x INT64)"))).isEqualTo("CREATE TABLE a (x INT64)");
    }

    @Test
    void nullBindsBecomeNullLiteralsOutsideStringsIdentifiersAndComments() {
        BigQueryStatements.Bound bound = BigQueryStatements.bindNulls(
                "INSERT INTO `t?` (a, b, c) -- why?\n"
                        + "SELECT ?, '?', \"it's ?\" /* ? */ UNION ALL SELECT ?, '''a ? ''', ? # last?\n",
                Arrays.asList(null, 5L, "x"));
        assertGolden("bind_nulls", bound.sql());
        assertThat(bound.parameters()).containsExactly(5L, "x");
    }

    @Test
    void markerAndBindCountsMustAgree() {
        assertThatThrownBy(() -> BigQueryStatements.bindNulls("SELECT ?, ?", List.of(1L)))
                .isInstanceOf(WeftException.class).hasMessageContaining("2 ? markers but 1 bind values");
        assertThatThrownBy(() -> BigQueryStatements.bindNulls("SELECT '?'", List.of(1L)))
                .isInstanceOf(WeftException.class).hasMessageContaining("0 ? markers but 1 bind values");
    }

    @Test
    void javaValuesBecomeTypedParameters() {
        assertThat(BigQueryWarehouse.parameter("a").getType().name()).isEqualTo("STRING");
        assertThat(BigQueryWarehouse.parameter(7).getType().name()).isEqualTo("INT64");
        assertThat(BigQueryWarehouse.parameter(7L).getValue()).isEqualTo("7");
        assertThat(BigQueryWarehouse.parameter(1.5).getType().name()).isEqualTo("FLOAT64");
        assertThat(BigQueryWarehouse.parameter(true).getType().name()).isEqualTo("BOOL");
        assertThat(BigQueryWarehouse.parameter(java.time.LocalDate.of(2025, 1, 2)).getValue()).isEqualTo("2025-01-02");
        var ts = BigQueryWarehouse.parameter(java.time.Instant.parse("2025-03-04T05:06:07.123456Z"));
        assertThat(ts.getType().name()).isEqualTo("TIMESTAMP");
        assertThat(ts.getValue()).startsWith("2025-03-04 05:06:07.123456");
        assertThatThrownBy(() -> BigQueryWarehouse.parameter(new Object())).isInstanceOf(WeftException.class);
    }

    /** Found by the analyzed pipeline: the audience compiler binds LocalDateTime (windows, computed_at), taken as UTC. */
    @Test
    void localDateTimesBindAsUtcTimestamps() {
        var ts = BigQueryWarehouse.parameter(java.time.LocalDateTime.parse("2025-03-04T05:06:07.123456"));
        assertThat(ts.getType().name()).isEqualTo("TIMESTAMP");
        assertThat(ts.getValue()).startsWith("2025-03-04 05:06:07.123456");
    }
}
