package dev.weft.models;

import dev.weft.WeftException;
import dev.weft.warehouse.duckdb.DuckDbDialect;
import dev.weft.warehouse.postgres.PostgresDialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelProjectTest {

    @TempDir
    Path dir;

    private ModelProject load() {
        return ModelProject.load(dir, new DuckDbDialect(), "local", Map.of());
    }

    private void write(String file, String text) throws Exception {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void ordersModelsByTheirRefs() throws Exception {
        write("models/marts/c.sql", "select * from {{ ref('b') }} join {{ ref('a') }} on true");
        write("models/staging/b.sql", "select * from {{ ref('a') }}");
        write("models/staging/a.sql", "select 1 as x");
        write("models/z.sql", "select 2 as y");
        ModelProject project = load();
        assertThat(project.graph().order()).containsExactly("a", "b", "c", "z");
        assertThat(project.graph().upstream("c")).containsExactly("a", "b");
        assertThat(project.graph().downstream("a")).containsExactly("b", "c");
        assertThat(project.model("c").file()).isEqualTo("models/marts/c.sql");
        assertThat(Selection.of("b+").select(project, null).models()).containsExactly("b", "c");
        assertThat(Selection.of("+b").select(project, null).models()).containsExactly("a", "b");
        assertThat(new Selection(List.of("a+"), List.of("c")).select(project, null).models()).containsExactly("a", "b");
    }

    @Test
    void aModelNameLongerThanTheEngineKeepsIsAnErrorThere() throws Exception {
        String name = "customers_by_first_order_channel_and_lifetime_value_band_rollup_2025";
        write("models/marts/" + name + ".sql", "select 1 as x");
        assertThat(load().models()).containsKey(name); // DuckDB keeps long names whole
        assertThatThrownBy(() -> ModelProject.load(dir, new PostgresDialect(), "local", Map.of()))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("models/marts/" + name + ".sql: model name '" + name
                        + "' is longer than postgres keeps (63 bytes): it would become '" + name.substring(0, 63) + "'");
    }

    @Test
    void seedsAreCsvFilesUnderModelsSeedsInTheModelsNamespace() throws Exception {
        write("models/seeds/plans.csv", "plan,price\nfree,0\n");
        write("models/reference/other.csv", "not,a,seed\n"); // only models/seeds/ holds seeds
        write("models/paid.sql", "select * from {{ ref('plans') }}");
        ModelProject project = load();
        assertThat(project.models()).containsOnlyKeys("plans", "paid");
        assertThat(project.model("plans").config().materialized()).isEqualTo(ModelConfig.Materialization.SEED);
        assertThat(project.graph().order()).containsExactly("plans", "paid");
        assertThat(Selection.of("seeds.*").select(project, null).models()).containsExactly("plans");

        write("models/plans.sql", "select 1 as x");
        write("models/schema.yml", "seeds:\n  - name: plan\n    config: {column_types: {price: double}}\n");
        assertThatThrownBy(this::load).isInstanceOf(WeftException.class)
                .hasMessageContaining("models/seeds/plans.csv: seed 'plans' has the name of models/plans.sql")
                .hasMessageContaining("seeds: 'plan' has column_types but is not a CSV file under models/seeds/");
    }

    @Test
    void aCycleIsAnErrorThatNamesIt() throws Exception {
        write("models/a.sql", "select * from {{ ref('c') }}");
        write("models/b.sql", "select * from {{ ref('a') }}");
        write("models/c.sql", "select * from {{ ref('b') }}");
        write("models/d.sql", "select * from {{ ref('a') }}");
        assertThatThrownBy(this::load).isInstanceOf(WeftException.class)
                .hasMessage("models: ref() cycle: a (models/a.sql) -> b (models/b.sql) -> c (models/c.sql) -> a (models/a.sql)");
    }

    @Test
    void aRefToAMissingModelNamesFileAndLine() throws Exception {
        write("models/a.sql", "select 1 as x");
        write("models/sub/b.sql", "select *\nfrom {{ ref('a') }}\n\njoin {{ ref('nowhere') }} using (x)");
        assertThatThrownBy(this::load).isInstanceOf(WeftException.class)
                .hasMessage("models/sub/b.sql line 4, column 9: ref('nowhere') names no model in models/");
    }

    @Test
    void jinjaAndConfigErrorsNameFileAndLine() throws Exception {
        write("models/a.sql", "select 1 as x\n{% for x in %}\n");
        write("models/b.sql", "{{ config(materialized='snapshot') }}\nselect 1 as x");
        write("models/c.sql", "select {{ source('nope', 't') }}");
        write("models/d.sql", "{{ config(materialized='seed') }}\nselect 1 as x"); // a seed is a CSV file, not a config
        assertThatThrownBy(this::load).isInstanceOf(WeftException.class)
                .hasMessageContaining("models/d.sql line 1, column 11: materialized='seed' is not one of view, table, incremental")
                .hasMessageContaining("models/a.sql line 2, column 1: ")
                .hasMessageContaining("models/b.sql line 1, column 11: materialized='snapshot' is not one of view, table, incremental")
                .hasMessageContaining("models/c.sql line 1, column 11: source('nope', 't') is not declared in models/sources.yml");
    }

    @Test
    void aModelNameMayBeDefinedOnlyOnce() throws Exception {
        write("models/a/x.sql", "select 1");
        write("models/b/x.sql", "select 2");
        assertThatThrownBy(this::load).hasMessage("models/b/x.sql: model 'x' is already defined by models/a/x.sql");
    }

    @Test
    void readsSourcesAndSchemaTestsWithLinesForErrors() throws Exception {
        write("models/a.sql", "select * from {{ source('raw', 'events') }}");
        write("models/sources.yml", """
                version: 2
                sources:
                  - name: raw
                    schema: landing
                    tables:
                      - name: events
                        identifier: raw_events
                """);
        write("models/schema.yml", """
                version: 2
                models:
                  - name: a
                    columns:
                      - name: id
                        tests:
                          - not_null
                          - accepted_values:
                              values: [1, 2]
                """);
        ModelProject project = load();
        assertThat(project.model("a").sql()).isEqualTo("select * from landing.raw_events");
        assertThat(project.model("a").sources()).containsExactly("raw.events");
        assertThat(project.tests()).extracting(SchemaTest::name).containsExactly("not_null_a_id", "accepted_values_a_id");
        assertThat(project.tests().get(1).values()).containsExactly("1", "2");
        assertThat(Selection.of("source:raw+").select(project, null).models()).containsExactly("a");

        write("models/schema.yml", """
                version: 2
                models:
                  - name: a
                    columns:
                      - name: id
                        tests:
                          - unique_together
                """);
        assertThatThrownBy(this::load).hasMessageStartingWith("models/schema.yml line 7, column 13: test 'unique_together' is not one of");
    }

    @Test
    void aSelectorThatMatchesNothingSaysSo() throws Exception {
        write("models/a.sql", "select 1 as x");
        ModelProject project = load();
        // as in dbt, a warning, not an error
        assertThat(Selection.of("b+").select(project, null).warnings())
                .containsExactly("the selection criterion 'b+' does not match any node");
    }

    @Test
    void macrosAreAvailableToEveryModelAndTheirErrorsNameTheirFile() throws Exception {
        write("macros/clean.sql", "{% macro clean(c) -%}\nnullif(trim({{ c }}), '')\n{%- endmacro %}\n");
        write("models/a.sql", "select {{ clean('email') }} as email\nfrom {{ ref('nope') }}");
        assertThatThrownBy(this::load).hasMessage("models/a.sql line 2, column 9: ref('nope') names no model in models/");

        write("models/a.sql", "select {{ clean('email') }} as email");
        assertThat(load().model("a").sql()).isEqualTo("select nullif(trim(email), '') as email");

        write("macros/bad.sql", "{% macro bad() %}{{ ref('missing') }}{% endmacro %}");
        write("models/a.sql", "select {{ bad() }}");
        assertThatThrownBy(this::load).hasMessage("macros/bad.sql line 1, column 21 (in models/a.sql): ref('missing') names no model in models/");
    }

    @Test
    void reportsEveryProblemOfEveryFileInOnePass() throws Exception {
        write("macros/clean.sql", "{% macro clean_email(c) %}lower({{ c }}){% endmacro %}\n");
        write("models/stg_contacts.sql", "select 1 as id, {{ clean_emial('e') }} as email");
        write("models/marts/users.sql", "select *\nfrom {{ ref('stg_contact') }}\n  {{ source('raw', 'contacts' }}");
        write("models/marts/orders.sql", "select 1 as id\n{% if is_incremental() %}\n");
        write("models/sources.yml", """
                version: 2
                sources:
                  - name: raw
                    tables:
                      - name: contacts
                      - identifier: orders
                """);
        write("models/schema.yml", """
                version: 2
                models:
                  - name: stg_contact
                    columns:
                      - name: id
                        tests: [not_null]
                  - name: users
                    columns:
                      - name: id
                        tests:
                          - unique_together
                          - relationships: {to: ref('stg_contacts'), field: id}
                """);
        assertThatThrownBy(this::load).isInstanceOf(WeftException.class).satisfies(e -> assertThat(e.getMessage().split("\n"))
                .containsExactlyInAnyOrder(
                        "models/sources.yml line 6, column 9: missing name:",
                        "models/schema.yml line 11, column 13: test 'unique_together' is not one of not_null, unique,"
                                + " accepted_values, relationships (accepted_values and relationships need arguments)",
                        "models/marts/orders.sql line 2, column 1: Syntax error in '{% if is_incremental() %}':"
                                + " Missing end tag: endif for tag defined as: {% if is_incremental() %}",
                        "models/marts/users.sql line 2, column 9: ref('stg_contact') names no model in models/;"
                                + " did you mean `stg_contacts`?",
                        "models/marts/users.sql line 3, column 29: Error parsing 'source('raw', 'contacts'': syntax error"
                                + " at position 29, encountered '}', expected ')'",
                        "models/stg_contacts.sql line 1, column 20: 'clean_emial' is not a macro or function;"
                                + " did you mean `clean_email`?",
                        "models/schema.yml line 3, column 5: models: 'stg_contact' is not a model;"
                                + " did you mean `stg_contacts`?"));
    }

    @Test
    void everyMistakeOfThePropertiesFilesIsReportedInOnePass() throws Exception {
        write("models/stg_orders.sql", "select 1 as order_id, 'open' as status");
        write("models/seeds/country_codes.csv", "code\nFR\n");
        write("models/schema.yml", """
                version: 2
                modles:
                  - name: stg_orders
                models:
                  - name: stg_orders
                    colums:
                      - name: order_id
                        tests: [unique]
                  - name: stg_orders
                    description: described twice
                  - name: stg_ordr
                    columns:
                      - name: order_id
                        tets: [not_null]
                      - name: status
                        tests: [not_nul, {accepted_value: {values: [open]}}]
                      - name: kind
                        tests:
                          - unique: {config: {severity: warn}}
                          - accepted_values: {valus: [a]}
                          - relationships: {arguments: {to: ref('stg_orders'), feild: order_id}}
                  - name: country_codes
                  - name: whole
                    tests:
                      - dbt_utils.unique_combination_of_columns: {combination_of_columns: [a, b]}
                sources:
                  - name: raw
                    loaded_at_feild: _loaded_at
                    tables:
                      - name: orders
                        columns:
                          - name: id
                            tests: [not_null]
                """);
        assertThatThrownBy(this::load).isInstanceOf(WeftException.class).satisfies(e -> assertThat(e.getMessage().split("\n"))
                .containsExactlyInAnyOrder(
                        "models/schema.yml line 2, column 1: 'modles' is not a property of a properties file; did you mean `models`?",
                        "models/schema.yml line 6, column 5: 'colums' is not a property of a model; did you mean `columns`?",
                        "models/schema.yml line 9, column 5: model 'stg_orders' is already described at models/schema.yml"
                                + " line 5, column 5 (one entry per model, as dbt requires)",
                        "models/schema.yml line 11, column 5: models: 'stg_ordr' is not a model; did you mean `stg_orders`?",
                        "models/schema.yml line 14, column 9: 'tets' is not a property of a column; did you mean `tests`?",
                        "models/schema.yml line 16, column 17: test 'not_nul' is not one of not_null, unique, accepted_values,"
                                + " relationships (accepted_values and relationships need arguments); did you mean `not_null`?",
                        "models/schema.yml line 16, column 26: test 'accepted_value' is not one of not_null, unique,"
                                + " accepted_values, relationships; did you mean `accepted_values`?",
                        "models/schema.yml line 19, column 30: config: severity is not supported for a test (supported: tags);"
                                + " a failing test is an error",
                        "models/schema.yml line 20, column 30: 'valus' is not an argument or setting of accepted_values that"
                                + " Weft applies (tags, config, arguments, name, description, meta, values, quote); did you mean `values`?",
                        "models/schema.yml line 21, column 40: 'feild' is not an argument of relationships (to, field)",
                        "models/schema.yml line 22, column 5: models: 'country_codes' is not a model (models/seeds/country_codes.csv"
                                + " is a seed: describe it under seeds:)",
                        "models/schema.yml line 23, column 5: models: 'whole' is not a model",
                        "models/schema.yml line 25, column 7: tests of a whole model (dbt_utils' and custom tests) are not"
                                + " supported: Weft's tests (not_null, unique, accepted_values, relationships) go on a column",
                        "models/schema.yml line 28, column 5: 'loaded_at_feild' is not a property of a source;"
                                + " did you mean `loaded_at_field`?",
                        "models/schema.yml line 33, column 20: tests on a source table are not supported: put them on a"
                                + " model that selects from it"));
    }

    @Test
    void snapshotProblemsNameTheFileAndLineOfTheirBlock() throws Exception {
        write("models/a.sql", "select 1 as id");
        write("snapshots/history.sql", """
                {% snapshot a_history %}
                {{ config(unique_key='id', strategy='timestamp') }}
                select * from {{ ref('a') }}
                {% endsnapshot %}

                {% snapshot a_checked %}
                {{ config(strategy='check', unique_key='id', check_cols=['x'], target_schema='snapshots') }}
                select * from {{ ref('a') }}
                {% endsnapshot %}

                {% snapshot a %}
                {{ config(strategy='timestamp', unique_key='id', updated_at='u', hard_deletes='new_record') }}
                select 1
                {% endsnapshot %}
                """);
        write("snapshots/empty.sql", "select 1");
        write("models/b.sql", "{{ config(materialized='table', strategy='check') }}\nselect 1");

        assertThatThrownBy(this::load).hasMessageContainingAll(
                "snapshots/history.sql line 1: snapshot 'a_history': strategy='timestamp' needs updated_at='<column>'",
                "snapshots/history.sql line 7, column 64: config(target_schema=...) is not supported: a snapshot is a table in the warehouse's schema",
                "snapshots/history.sql line 11: snapshot 'a' has the name of models/a.sql",
                "snapshots/empty.sql: no {% snapshot name %} ... {% endsnapshot %} block",
                "models/b.sql line 1, column 33: config(strategy=...) is not supported (supported: materialized, unique_key, tags, pre_hook, post_hook)");
    }

    @Test
    void snapshotsAreNodesNamedByTheirBlockInTheModelsNamespace() throws Exception {
        write("models/a.sql", "select 1 as id, 2 as x");
        write("snapshots/history.sql", """
                {# two snapshots in one file, as dbt allows #}
                {% snapshot a_history %}
                {{ config(unique_key='id', strategy='check', check_cols='all', hard_deletes='invalidate') }}
                select * from {{ ref('a') }}
                {% endsnapshot %}
                {%- snapshot a_history_by_x -%}
                {{ config(unique_key=['id', 'x'], strategy='check', check_cols=['x']) }}
                select * from {{ ref('a') }}
                {%- endsnapshot %}
                """);
        write("models/c.sql", "select * from {{ ref('a_history') }}");

        ModelProject project = load();
        Model snapshot = project.model("a_history");
        assertThat(snapshot.config().materialized()).isEqualTo(ModelConfig.Materialization.SNAPSHOT);
        assertThat(snapshot.config().snapshot()).isEqualTo(new SnapshotConfig("check", List.of("id"), null, List.of("all"), "invalidate"));
        assertThat(snapshot.sql()).isEqualTo("select * from \"a\"".replace("\"a\"", new DuckDbDialect().ident("a")));
        assertThat(project.model("a_history_by_x").config().snapshot().uniqueKey()).containsExactly("id", "x");
        assertThat(project.graph().order()).containsExactly("a", "a_history", "a_history_by_x", "c");
        assertThat(Selection.of("path:snapshots").select(project, null).models()).containsExactly("a_history", "a_history_by_x");
        assertThat(Selection.of("config.materialized:snapshot").select(project, null).models())
                .containsExactly("a_history", "a_history_by_x");
        assertThat(ModelProject.compiledPath(project.model("a_history_by_x"))).isEqualTo("snapshots/a_history_by_x.sql");
    }

    @Test
    void freshnessIsInheritedFromTheSourceReplacedByATableAndTurnedOffByNull() throws Exception {
        write("models/sources.yml", """
                sources:
                  - name: raw
                    config:
                      loaded_at_field: _loaded_at
                      freshness: {warn_after: {count: 12, period: hour}, error_after: {count: 2, period: day}}
                    tables:
                      - name: orders
                      - name: events
                        loaded_at_field: occurred_at
                        freshness: {error_after: {count: 30, period: minute}}
                      - name: codes
                        freshness: null
                  - name: crm
                    tables:
                      - name: contacts
                """);
        write("models/a.sql", "select 1 as id");

        Map<String, SourceTable> sources = load().sources();
        assertThat(sources.get("raw.orders").freshness()).isEqualTo(new Freshness(java.time.Duration.ofHours(12), java.time.Duration.ofDays(2)));
        assertThat(sources.get("raw.orders").loadedAtField()).isEqualTo("_loaded_at");
        assertThat(sources.get("raw.events").freshness()).isEqualTo(new Freshness(null, java.time.Duration.ofMinutes(30)));
        assertThat(sources.get("raw.events").loadedAtField()).isEqualTo("occurred_at");
        assertThat(sources.get("raw.codes").freshness()).isNull();
        assertThat(sources.get("crm.contacts").freshness()).isNull();
    }

    @Test
    void freshnessMistakesNameTheFileAndLine() throws Exception {
        write("models/sources.yml", """
                sources:
                  - name: raw
                    freshness:
                      warn_after: {count: 12, period: week}
                    tables:
                      - name: orders
                        freshness:
                          error_after: {count: 0, period: hour}
                      - name: events
                        freshness:
                          filter: "x > 1"
                      - name: codes
                        freshness:
                          warn_after: {count: 3}
                """);
        write("models/a.sql", "select 1 as id");

        assertThatThrownBy(this::load).hasMessageContainingAll(
                "models/sources.yml line 4, column 39: period must be minute, hour or day, got week");
        write("models/sources.yml", """
                sources:
                  - name: raw
                    tables:
                      - name: orders
                        freshness:
                          error_after: {count: 0, period: hour}
                  - name: crm
                    tables:
                      - name: events
                        freshness:
                          filter: "x > 1"
                  - name: erp
                    tables:
                      - name: codes
                        freshness:
                          warn_after: {count: 3}
                  - name: pim
                    tables:
                      - name: prices
                        loaded_at_query: select max(at) from prices
                """);
        assertThatThrownBy(this::load).hasMessageContainingAll(
                "models/sources.yml line 6, column 32: count must be a positive whole number, got 0",
                "models/sources.yml line 11, column 19: freshness: filter is not supported (supported: warn_after, error_after)",
                "models/sources.yml line 16, column 23: needs count: and period:, e.g. {count: 12, period: hour}",
                "models/sources.yml line 20, column 26: loaded_at_query is not supported: declare loaded_at_field, a column");
    }
}
