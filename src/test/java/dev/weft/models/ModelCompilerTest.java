package dev.weft.models;

import dev.weft.warehouse.duckdb.DuckDbDialect;
import dev.weft.warehouse.postgres.PostgresDialect;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ModelCompilerTest {

    private final ModelCompiler compiler = new ModelCompiler(new DuckDbDialect(), "local",
            Map.of("raw.events", new SourceTable("raw", "events", "raw_events", null)), Map.of("days", "7"));

    @Test
    void rendersDbtVocabulary() {
        String sql = """
                {{ config(materialized='incremental', unique_key='id') }}
                select * from {{ ref('a') }} join {{ source('raw', 'events') }} e on true
                where n < {{ var('days') }} and m < {{ var('other', 3) }}
                {% if is_incremental() %} and t > (select max(t) from {{ this }}){% endif %}
                -- {{ target.type }}
                """;
        ModelCompiler.Result r = compiler.compile("b", "models/b.sql", sql, Set.of("a", "b"), true);
        assertThat(r.problems()).isEmpty();
        assertThat(r.refs()).containsExactly("a");
        assertThat(r.sources()).containsExactly("raw.events");
        assertThat(r.config()).isEqualTo(new ModelConfig(ModelConfig.Materialization.INCREMENTAL, List.of("id")));
        assertThat(r.sql()).isEqualTo("""
                select * from a join raw_events e on true
                where n < 7 and m < 3
                 and t > (select max(t) from b)
                -- duckdb""");
        ModelCompiler.Result first = compiler.compile("b", "models/b.sql", sql, Set.of("a", "b"), false);
        assertThat(first.sql()).doesNotContain("max(t)");
    }

    @Test
    void namesFileAndLineOfAMissingRef() {
        String sql = "select 1\nfrom {{ ref('a') }}\njoin {{ ref('nope') }} on true";
        ModelCompiler.Result r = compiler.compile("b", "models/x/b.sql", sql, Set.of("a", "b"), false);
        assertThat(r.problems()).containsExactly("models/x/b.sql line 3: ref('nope') names no model in models/");
    }

    @Test
    void namesFileAndLineOfAJinjaError() {
        String sql = "select 1\n\n{% if %}\nfrom x";
        ModelCompiler.Result r = compiler.compile("b", "models/b.sql", sql, Set.of("b"), false);
        assertThat(r.problems()).isNotEmpty().allMatch(p -> p.startsWith("models/b.sql line 3: Syntax error"));
        ModelCompiler.Result unknown = compiler.compile("b", "models/b.sql", "select\n{{ nosuch }}", Set.of("b"), false);
        assertThat(unknown.problems()).hasSize(1);
        assertThat(unknown.problems().get(0)).startsWith("models/b.sql line 2: ");
    }

    @Test
    void quotesForTheDialect() {
        ModelCompiler pg = new ModelCompiler(new PostgresDialect(), "pg", Map.of(), Map.of());
        ModelCompiler.Result r = pg.compile("order", "models/order.sql", "select * from {{ ref('Group') }} -- {{ this }}",
                Set.of("Group", "order"), false);
        assertThat(r.sql()).isEqualTo("select * from \"Group\" -- \"order\"");
    }
}
