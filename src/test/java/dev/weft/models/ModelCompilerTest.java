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
            Map.of("raw.events", new SourceTable("raw", "events", "raw_events", null, null)), Map.of("days", "7"));

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
        assertThat(r.config()).isEqualTo(new ModelConfig(ModelConfig.Materialization.INCREMENTAL, List.of("id"), List.of()));
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
        assertThat(r.problems()).containsExactly("models/x/b.sql line 3, column 9: ref('nope') names no model in models/");
    }

    @Test
    void namesFileAndLineOfAJinjaError() {
        String sql = "select 1\n\n{% if %}\nfrom x";
        ModelCompiler.Result r = compiler.compile("b", "models/b.sql", sql, Set.of("b"), false);
        assertThat(r.problems()).isNotEmpty().allMatch(p -> p.startsWith("models/b.sql line 3, column 1: Syntax error"));
        ModelCompiler.Result unknown = compiler.compile("b", "models/b.sql", "select\n{{ nosuch }}", Set.of("b"), false);
        assertThat(unknown.problems()).containsExactly(
                "models/b.sql line 2, column 1: 'nosuch' is not defined (no variable or macro has that name)");
    }

    @Test
    void brokenBracesAreErrorsWithLineAndColumn() {
        assertThat(problems("select 1,\n  {{ ref('a') \nfrom x")).containsExactly(
                "models/b.sql line 2, column 3: '{{' is never closed by '}}'");
        assertThat(problems("select\n  { ref('a') }} as x")).containsExactly(
                "models/b.sql line 2, column 14: '}}' closes nothing: its '{{' is missing or broken");
        assertThat(problems("select 1\n  {% if is_incremental() %} where x\n")).singleElement().asString()
                .startsWith("models/b.sql line 2, column 3: ").contains("Missing end tag: endif");
        assertThat(problems("select 1\n   {% endif %}")).containsExactly(
                "models/b.sql line 2, column 4: '{% endif %}' ends a tag that was never opened");
        assertThat(problems("select {{ '}}' }} as braces, {% raw %}{{ x }} }}{% endraw %}")).isEmpty();
    }

    @Test
    void aBraceMissingBeforeTheNextTagIsReportedWhereItIsAndNothingElse() {
        // The case: one '}' missing, with more Jinja further on. Jinjava reads the SQL up to the next tag's
        // '}}' as the expression and reports a parse error there; the ref is lost. Strict compilation names the tag.
        assertThat(problems("""
                select u.*
                from {{ ref('a') }
                where u.x in ('p', 'q')
                join {{ ref('b') }} b on true
                {% if is_incremental() %} and 1 = 1 {% endif %}""")).containsExactly(
                "models/b.sql line 2, column 6: '{{' is never closed by '}}': the next tag opens (line 4) before any '}}'");
        // every broken tag of the file in one pass
        assertThat(problems("select {{ ref('a') }\nfrom {% if true }\n{{ ref('b') }} {% endif %}")).containsExactly(
                "models/b.sql line 1, column 8: '{{' is never closed by '}}': the next tag opens (line 2) before any '}}'",
                "models/b.sql line 2, column 6: '{%' is never closed by '%}': the next tag opens (line 3) before any '%}'");
        // a tag inside a string of a tag is text (a hook's {{ this }}), across lines too
        assertThat(problems("""
                {{ config(post_hook="delete from {{ this }}
                    where x is null") }}
                select 1 as x""")).isEmpty();
    }

    @Test
    void undefinedNamesAreErrorsWithLineColumnAndASuggestion() {
        ModelCompiler withMacros = new ModelCompiler(new DuckDbDialect(), "local",
                Map.of("raw.events", new SourceTable("raw", "events", "raw_events", null, null)), Map.of(),
                List.of(new ModelCompiler.MacroFile("macros/clean.sql",
                        "{% macro clean_email(c) %}lower({{ c }}){% endmacro %}\n")));
        assertThat(withMacros.compile("b", "models/b.sql", "select\n  x, {{ clean_emial('e') }}", Set.of("b"), false)
                .problems()).containsExactly(
                "models/b.sql line 2, column 9: 'clean_emial' is not a macro or function; did you mean `clean_email`?");
        assertThat(withMacros.compile("b", "models/b.sql", "select\n  {{ tagret.type }}", Set.of("b"), false)
                .problems()).containsExactly(
                "models/b.sql line 2, column 3: 'tagret' is not defined (no variable or macro has that name); did you mean `target`?");
        assertThat(problems("select * from\n    {{ ref('stg_contact') }}")).containsExactly(
                "models/b.sql line 2, column 8: ref('stg_contact') names no model in models/; did you mean `stg_contacts`?");
        assertThat(problems("select * from {{ source('raw', 'event') }}")).containsExactly(
                "models/b.sql line 1, column 18: source('raw', 'event') is not declared in models/sources.yml;"
                        + " did you mean `source('raw', 'events')`?");
    }

    @Test
    void reportsEveryProblemOfAModel() {
        assertThat(problems("select {{ ref('nope') }},\n {{ source('x', 'y') }},\n {{ missing_macro() }}")).containsExactly(
                "models/b.sql line 1, column 11: ref('nope') names no model in models/",
                "models/b.sql line 2, column 5: source('x', 'y') is not declared in models/sources.yml",
                "models/b.sql line 3, column 5: 'missing_macro' is not a macro or function");
    }

    private List<String> problems(String sql) {
        return compiler.compile("b", "models/b.sql", sql, Set.of("a", "b", "stg_contacts"), false).problems();
    }

    @Test
    void quotesForTheDialect() {
        ModelCompiler pg = new ModelCompiler(new PostgresDialect(), "pg", Map.of(), Map.of());
        ModelCompiler.Result r = pg.compile("order", "models/order.sql", "select * from {{ ref('Group') }} -- {{ this }}",
                Set.of("Group", "order"), false);
        assertThat(r.sql()).isEqualTo("select * from \"Group\" -- \"order\"");
    }
}
