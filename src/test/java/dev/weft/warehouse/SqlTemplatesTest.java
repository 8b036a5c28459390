package dev.weft.warehouse;

import dev.weft.WeftException;
import dev.weft.warehouse.bigquery.BigQueryDialect;
import dev.weft.warehouse.duckdb.DuckDbDialect;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlTemplatesTest {

    @Test
    void rendersPerDialectAndSplitsStatements() {
        List<String> duck = SqlTemplates.statements(new DuckDbDialect(), "warehouse/smoke.sql", Map.of("n", 7, "column", "select"));
        assertThat(duck).hasSize(2);
        assertThat(duck.get(0)).contains("CAST(hash('weft') >> 1 AS BIGINT) AS h, 7 AS n");
        assertThat(duck.get(1)).isEqualTo("SELECT 1 AS \"select\"");
        List<String> bq = SqlTemplates.statements(new BigQueryDialect(), "warehouse/smoke.sql", Map.of("n", 7, "column", "select"));
        assertThat(bq.get(0)).contains("FARM_FINGERPRINT('weft')");
        assertThat(bq.get(1)).isEqualTo("SELECT 1 AS `select`");
    }

    @Test
    void unknownVariablesAreErrorsNamingTheTemplate() {
        assertThatThrownBy(() -> SqlTemplates.render(new DuckDbDialect(), "warehouse/smoke.sql", Map.of("column", "x")))
                .isInstanceOf(WeftException.class).hasMessageContaining("sql/warehouse/smoke.sql");
    }

    @Test
    void rendersNamedSectionsWithTheFilePreambleAndAnEnginesOwnSections() {
        assertThat(SqlTemplates.render(new DuckDbDialect(), "warehouse/sections.sql#one", Map.of())).isEqualTo("SELECT 1 AS n");
        assertThat(SqlTemplates.statements(new DuckDbDialect(), "warehouse/sections.sql#two", Map.of("n", 2)))
                .containsExactly("SELECT 2 AS n", "SELECT CAST(hash('weft') >> 1 AS BIGINT) AS h");
        assertThat(SqlTemplates.render(new BigQueryDialect(), "warehouse/sections.sql#one", Map.of()))
                .isEqualTo("SELECT n FROM UNNEST([1]) AS n");
        assertThat(SqlTemplates.statements(new BigQueryDialect(), "warehouse/sections.sql#two", Map.of("n", 2)))
                .containsExactly("SELECT 2 AS n", "SELECT FARM_FINGERPRINT('weft') AS h");
    }

    @Test
    void aFileOfSectionsAskedForWholeIsItsSectionsInOrderEachFromTheEnginesFileWhereItHasOne() {
        assertThat(SqlTemplates.statements(new DuckDbDialect(), "warehouse/whole.sql", Map.of()))
                .containsExactly("SELECT 1 AS n", "SELECT 2 AS n", "SELECT 3 AS n");
        assertThat(SqlTemplates.statements(new BigQueryDialect(), "warehouse/whole.sql", Map.of()))
                .containsExactly("SELECT n FROM UNNEST([1]) AS n", "SELECT 2 AS n", "SELECT 3 AS n");
    }

    @Test
    void sectionErrorsNameTheSectionAndTheFilesLine() {
        assertThatThrownBy(() -> SqlTemplates.render(new DuckDbDialect(), "warehouse/sections.sql#broken", Map.of()))
                .hasMessageContaining("sql/warehouse/sections.sql#broken line 10");
        assertThatThrownBy(() -> SqlTemplates.render(new DuckDbDialect(), "warehouse/sections.sql#three", Map.of()))
                .hasMessageContaining("missing statement 'three' in sql/warehouse/sections.sql");
    }

    @Test
    void aVariablesTextIsNeverRenderedAgain() {
        String select = "SELECT '{{ 1 + 1 }}' AS braces, '{% if true %}x{% endif %}' AS tag";
        assertThat(SqlTemplates.render(new DuckDbDialect(), "warehouse/sections.sql#embedded", Map.of("select", select)))
                .isEqualTo("SELECT * FROM (" + select + ") s");
    }

    @Test
    void missingTemplatesAreErrors() {
        assertThatThrownBy(() -> SqlTemplates.render(new DuckDbDialect(), "nope/none.sql", Map.of()))
                .hasMessageContaining("missing statement template sql/nope/none.sql");
    }
}
