package dev.weft.models;

import dev.weft.WeftException;
import dev.weft.warehouse.duckdb.DuckDbDialect;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * dbt's node selection, case by case from dbt's documentation (reference/node-selection: syntax, graph
 * operators, set operators, methods, exclude, state), on a project shaped like dbt's examples:
 * <pre>
 * source raw.orders    -> stg_orders    -> fct_orders -> dim_customers -> customer_report
 * source raw.payments  -> stg_payments  -/               /
 * source raw.customers -> stg_customers ----------------/
 * stg_top (models/, no parents)
 * </pre>
 */
class ModelSelectionTest {

    @TempDir
    Path dir;

    private ModelProject project;

    private void write(String file, String text) throws Exception {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @BeforeEach
    void project() throws Exception {
        write("models/sources.yml", """
                version: 2
                sources:
                  - name: raw
                    tables: [{name: orders}, {name: payments}, {name: customers}]
                models:
                  - name: fct_orders
                    config: {tags: [finance]}
                    columns:
                      - name: order_id
                        tests: [not_null]
                      - name: customer_id
                        tests:
                          - relationships: {to: ref('stg_customers'), field: customer_id}
                  - name: stg_orders
                    columns:
                      - name: order_id
                        tests: [unique]
                """);
        write("models/staging/stg_orders.sql", "{{ config(materialized='table', tags=['nightly']) }}\nselect * from {{ source('raw', 'orders') }}");
        write("models/staging/stg_payments.sql", "select * from {{ source('raw', 'payments') }}");
        write("models/staging/stg_customers.sql", "select * from {{ source('raw', 'customers') }}");
        write("models/marts/finance/fct_orders.sql", """
                {{ config(materialized='incremental', unique_key='order_id', tags='nightly') }}
                select * from {{ ref('stg_orders') }} join {{ ref('stg_payments') }} using (order_id)""");
        write("models/marts/finance/dim_customers.sql", "{{ config(materialized='table') }}\n"
                + "select * from {{ ref('stg_customers') }} join {{ ref('fct_orders') }} using (customer_id)");
        write("models/marts/reporting/customer_report.sql", "select * from {{ ref('dim_customers') }}");
        write("models/stg_top.sql", "select 1 as x");
        project = load();
    }

    private ModelProject load() {
        return ModelProject.load(dir, new DuckDbDialect(), "local", Map.of());
    }

    private Selection.Selected select(List<String> select, List<String> exclude) {
        return new Selection(select, exclude).select(project, null);
    }

    private List<String> models(String... select) {
        return select(List.of(select), List.of()).models();
    }

    @Test
    void thePlusOperatorAddsAncestorsBeforeAndDescendantsAfter() {
        assertThat(models("stg_orders+")).containsExactlyInAnyOrder("stg_orders", "fct_orders", "dim_customers", "customer_report");
        assertThat(models("+dim_customers")).containsExactlyInAnyOrder("dim_customers", "fct_orders", "stg_orders", "stg_payments",
                "stg_customers");
        assertThat(models("+fct_orders+")).containsExactlyInAnyOrder("fct_orders", "stg_orders", "stg_payments", "dim_customers",
                "customer_report");
        assertThat(models("fct_orders")).containsExactly("fct_orders");
    }

    @Test
    void theNPlusOperatorStepsThroughThatManyEdges() {
        // "my_model+1": my_model and its first-degree descendants
        assertThat(models("stg_orders+1")).containsExactlyInAnyOrder("stg_orders", "fct_orders");
        // "2+my_model": my_model, its parents and its grandparents
        assertThat(models("2+customer_report")).containsExactlyInAnyOrder("customer_report", "dim_customers", "fct_orders",
                "stg_customers");
        // "3+my_model+4": ancestors up to the 3rd degree and descendants down to the 4th
        assertThat(models("1+fct_orders+1")).containsExactlyInAnyOrder("stg_orders", "stg_payments", "fct_orders", "dim_customers");
    }

    @Test
    void theAtOperatorAddsDescendantsAndTheAncestorsOfThoseDescendants() {
        // "@my_model": my_model, its descendants, and the ancestors of its descendants (what a CI build needs)
        assertThat(models("@stg_orders")).containsExactlyInAnyOrder("stg_orders", "fct_orders", "dim_customers", "customer_report",
                "stg_payments", "stg_customers");
        assertThatThrownBy(() -> models("@+stg_orders")).isInstanceOf(WeftException.class).hasMessageContaining("@");
    }

    @Test
    void spacesUniteAndCommasIntersect() {
        // unions: "+snowplow_sessions +fct_orders"
        assertThat(models("+stg_orders +stg_top")).containsExactlyInAnyOrder("stg_orders", "stg_top");
        assertThat(models("+stg_orders", "+stg_top")).containsExactlyInAnyOrder("stg_orders", "stg_top");
        // intersections: "+snowplow_sessions,+fct_orders" are the common ancestors
        assertThat(models("+dim_customers,+stg_orders")).containsExactly("stg_orders");
        // "stg_invoices+,stg_accounts+": the common descendants
        assertThat(models("stg_orders+,stg_payments+")).containsExactlyInAnyOrder("fct_orders", "dim_customers", "customer_report");
        // "marts.finance,tag:nightly": in the marts/finance folder and tagged nightly
        assertThat(models("marts.finance,tag:nightly")).containsExactly("fct_orders");
    }

    @Test
    void theMethods() {
        assertThat(models("tag:nightly")).containsExactlyInAnyOrder("stg_orders", "fct_orders");
        assertThat(models("tag:fin*")).containsExactly("fct_orders"); // from the schema file's config
        assertThat(models("path:models/staging")).containsExactlyInAnyOrder("stg_orders", "stg_payments", "stg_customers");
        assertThat(models("models/staging/stg_orders.sql")).containsExactly("stg_orders"); // a path without path:
        assertThat(models("models/marts")).containsExactlyInAnyOrder("fct_orders", "dim_customers", "customer_report");
        assertThat(models("file:stg_orders.sql")).containsExactly("stg_orders");
        assertThat(models("config.materialized:incremental")).containsExactly("fct_orders");
        assertThat(models("config.materialized:table")).containsExactlyInAnyOrder("stg_orders", "dim_customers");
        assertThat(models("resource_type:model")).hasSize(7);
        // fqn: folders under models/ then the name; a wildcard matches the rest of the fqn
        assertThat(models("staging.*")).containsExactlyInAnyOrder("stg_orders", "stg_payments", "stg_customers");
        assertThat(models("marts.finance.*")).containsExactlyInAnyOrder("fct_orders", "dim_customers");
        assertThat(models("fqn:marts")).containsExactlyInAnyOrder("fct_orders", "dim_customers", "customer_report");
        assertThat(models("*.stg_*")).containsExactlyInAnyOrder("stg_orders", "stg_payments", "stg_customers");
        assertThat(models("stg_*")).containsExactly("stg_top"); // dbt matches from the fqn's start: staging.stg_orders is not stg_*
        assertThat(models("*stg_*")).containsExactlyInAnyOrder("stg_top", "stg_orders", "stg_payments", "stg_customers");
        assertThat(models("stg_[op]*")).isEmpty();
        assertThat(models("staging.stg_[op]*")).containsExactlyInAnyOrder("stg_orders", "stg_payments");
    }

    @Test
    void pathSelectsTheSourcesAYamlFileDeclaresAndThoseUnderAFolder() throws Exception {
        // dbt: "The path method is used to select models/sources defined at or under a specific path. Model definitions
        // are in SQL/Python files (not YAML), and source definitions are in YAML files."
        write("models/staging/stripe/sources.yml", "sources:\n  - name: stripe\n    tables: [{name: charges}]\n");
        write("models/staging/stripe/stg_charges.sql", "select * from {{ source('stripe', 'charges') }}");
        project = load();

        assertThat(select(List.of("path:models/staging/stripe/sources.yml"), List.of()).sources()).containsExactly("stripe.charges");
        assertThat(models("path:models/staging/stripe/sources.yml")).isEmpty();
        assertThat(select(List.of("models/staging/stripe/sources.yml"), List.of()).sources()).containsExactly("stripe.charges");
        assertThat(select(List.of("path:models/staging"), List.of()).sources()).containsExactly("stripe.charges");
        assertThat(models("path:models/staging/stripe")).containsExactly("stg_charges");
        assertThat(select(List.of("path:models"), List.of()).sources()).containsExactlyInAnyOrder("raw.orders", "raw.payments",
                "raw.customers", "stripe.charges");
        assertThat(select(List.of("path:models/*.yml"), List.of()).sources()).containsExactlyInAnyOrder("raw.orders", "raw.payments",
                "raw.customers");
        // a graph operator on a YAML path: the models reading its sources
        assertThat(models("path:models/staging/stripe/sources.yml+")).containsExactly("stg_charges");
    }

    @Test
    void tagSelectsSourceTablesByTheirSourcesTagsAndTheirOwn() throws Exception {
        // dbt's tags config: "tags" on a source apply to its tables; a table adds its own ("tag:" selects sources too,
        // as `dbt source freshness --select tag:...` relies on).
        write("models/staging/stripe/sources.yml", """
                sources:
                  - name: stripe
                    tags: [payments]
                    tables:
                      - {name: charges, tags: [pii]}
                      - {name: refunds, config: {tags: [hourly]}}
                  - name: hubspot
                    tables: [{name: contacts}]
                """);
        write("models/staging/stripe/stg_charges.sql", "select * from {{ source('stripe', 'charges') }}");
        project = load();

        assertThat(select(List.of("tag:payments"), List.of()).sources()).containsExactlyInAnyOrder("stripe.charges", "stripe.refunds");
        assertThat(select(List.of("tag:pii"), List.of()).sources()).containsExactly("stripe.charges");
        assertThat(select(List.of("tag:hourly"), List.of()).sources()).containsExactly("stripe.refunds");
        assertThat(select(List.of("tag:pay*"), List.of()).sources()).containsExactlyInAnyOrder("stripe.charges", "stripe.refunds");
        assertThat(models("tag:pii+")).containsExactly("stg_charges");
    }

    @Test
    void sourcesSelectSourceNodesWhoseDescendantsAreModels() {
        // "source:snowplow+": models that select from the source, and their descendants
        assertThat(models("source:raw+")).hasSize(6).doesNotContain("stg_top");
        assertThat(models("source:raw.payments+")).containsExactlyInAnyOrder("stg_payments", "fct_orders", "dim_customers", "customer_report");
        assertThat(models("source:raw.payments")).isEmpty();
        assertThat(select(List.of("source:raw.payments"), List.of()).sources()).containsExactly("raw.payments");
        assertThat(select(List.of("source:raw"), List.of()).sources()).containsExactly("raw.customers", "raw.orders", "raw.payments");
    }

    @Test
    void testsComeWithTheModelsTheyTestAndTestTypeSelectsThem() {
        Selection.Selected s = select(List.of("fct_orders"), List.of());
        assertThat(s.tests()).extracting(SchemaTest::name).containsExactlyInAnyOrder("not_null_fct_orders_order_id",
                "relationships_fct_orders_customer_id");
        // relationships tests have two parents; selecting either brings it (dbt's eager indirect selection)
        assertThat(select(List.of("stg_customers"), List.of()).tests()).extracting(SchemaTest::name)
                .containsExactly("relationships_fct_orders_customer_id");
        assertThat(select(List.of("test_type:generic"), List.of()).tests()).hasSize(3);
        assertThat(select(List.of("test_type:generic"), List.of()).models()).isEmpty();
        assertThat(select(List.of("test_type:singular"), List.of()).warnings()).hasSize(1);
        assertThat(select(List.of("test_name:unique"), List.of()).tests()).extracting(SchemaTest::name)
                .containsExactly("unique_stg_orders_order_id");
        assertThatThrownBy(() -> models("test_type:exotic")).hasMessageContaining("generic, singular, data or unit");
    }

    @Test
    void testsHaveTheirColumnsTagsAndTheirOwnButNotTheirModels() throws Exception {
        // dbt's test selection examples: "Run tests on tagged columns" and "Run tagged tests only"; tests "do not inherit
        // tags applied to models", though tag:finance still selects fct_orders' tests indirectly
        write("models/more.yml", """
                models:
                  - name: stg_payments
                    columns:
                      - name: payment_id
                        tags: [my_column_tag]
                        tests:
                          - unique
                          - not_null: {tags: [my_test_tag]}
                      - name: method
                        tests:
                          - accepted_values: {values: [card, cash], config: {tags: my_test_tag}}
                """);
        project = load();
        Selection.Selected column = select(List.of("tag:my_column_tag"), List.of());
        assertThat(column.models()).isEmpty();
        assertThat(column.tests()).extracting(SchemaTest::name).containsExactlyInAnyOrder("unique_stg_payments_payment_id",
                "not_null_stg_payments_payment_id");
        assertThat(select(List.of("tag:my_test_tag"), List.of()).tests()).extracting(SchemaTest::name)
                .containsExactlyInAnyOrder("not_null_stg_payments_payment_id", "accepted_values_stg_payments_method");
        assertThat(project.tests()).filteredOn(t -> t.model().equals("fct_orders")).allSatisfy(t -> assertThat(t.tags()).isEmpty());
        assertThat(select(List.of("tag:finance"), List.of()).tests()).extracting(SchemaTest::name)
                .containsExactlyInAnyOrder("not_null_fct_orders_order_id", "relationships_fct_orders_customer_id");
        assertThat(select(List.of("tag:my_test_tag"), List.of("tag:my_column_tag")).tests()).extracting(SchemaTest::name)
                .containsExactly("accepted_values_stg_payments_method");
    }

    @Test
    void testTypeFollowsDbtOneEightAndIntersectsWithTheTestsOfTheOtherCriteria() {
        // "test_type:data": all data tests (generic and singular); "test_type:unit": unit tests, which Weft has none of
        assertThat(select(List.of("test_type:data"), List.of()).tests()).hasSize(3);
        assertThat(select(List.of("test_type:unit"), List.of()).warnings()).hasSize(1);
        // "payments,test_type:data": the tests of payments (each criterion brings its tests before the intersection)
        Selection.Selected s = select(List.of("fct_orders,test_type:data"), List.of());
        assertThat(s.models()).isEmpty();
        assertThat(s.tests()).extracting(SchemaTest::name).containsExactlyInAnyOrder("not_null_fct_orders_order_id",
                "relationships_fct_orders_customer_id");
        assertThat(select(List.of("tag:finance,test_name:not_null"), List.of()).tests()).extracting(SchemaTest::name)
                .containsExactly("not_null_fct_orders_order_id");
        assertThat(select(List.of("config.materialized:table,test_type:generic"), List.of()).tests())
                .extracting(SchemaTest::name).containsExactly("unique_stg_orders_order_id");
        // the tests of the models both criteria pick, and (as dbt's selector combines each criterion's tests) a
        // relationships test between a model only one picks (fct_orders) and a model only the other picks (stg_customers)
        assertThat(select(List.of("tag:nightly,staging.*"), List.of()).models()).containsExactly("stg_orders");
        assertThat(select(List.of("tag:nightly,staging.*"), List.of()).tests()).extracting(SchemaTest::name)
                .containsExactlyInAnyOrder("unique_stg_orders_order_id", "relationships_fct_orders_customer_id");
    }

    @Test
    void excludeRemovesItsNodesAndTheirTests() {
        // "--select my_package.* --exclude my_package.a_big_model+"
        Selection.Selected s = select(List.of("stg_orders+"), List.of("dim_customers+"));
        assertThat(s.models()).containsExactly("stg_orders", "fct_orders");
        assertThat(select(List.of(), List.of("fct_orders")).tests()).extracting(SchemaTest::name)
                .containsExactly("unique_stg_orders_order_id");
        assertThat(select(List.of(), List.of("tag:nightly", "staging.*")).models())
                .containsExactlyInAnyOrder("dim_customers", "customer_report", "stg_top");
    }

    @Test
    void modelsComeInRunOrder() {
        assertThat(models("+customer_report")).containsExactly("stg_customers", "stg_orders", "stg_payments", "fct_orders",
                "dim_customers", "customer_report");
    }

    @Test
    void aCriterionMatchingNothingIsAWarningAndAnUnknownMethodAnError() {
        Selection.Selected s = select(List.of("nope+", "stg_top"), List.of());
        assertThat(s.models()).containsExactly("stg_top");
        assertThat(s.warnings()).containsExactly("the selection criterion 'nope+' does not match any node");
        assertThatThrownBy(() -> models("colour:red")).isInstanceOf(WeftException.class)
                .hasMessageStartingWith("selector 'colour:red': unknown selector method 'colour'; the methods are fqn, path");
    }

    @Test
    void stateModifiedComparesWithTheLastSuccessfulRunsCompiledModels() throws Exception {
        assertThatThrownBy(() -> models("state:modified")).hasMessageContaining("no successful run");
        Path stateDir = dir.resolve(".weft");
        ModelState.save(stateDir, project, List.of("stg_orders", "stg_payments", "fct_orders", "dim_customers", "customer_report",
                "stg_customers"), project.tests());
        write("models/staging/stg_payments.sql", "select *, 1 as changed from {{ source('raw', 'payments') }}");
        write("models/marts/finance/dim_customers.sql", "{{ config(materialized='view') }}\n"
                + "select * from {{ ref('stg_customers') }} join {{ ref('fct_orders') }} using (customer_id)");
        project = load();
        ModelState state = ModelState.load(stateDir).orElseThrow();
        // stg_top was never built by a successful run: it is new
        assertThat(new Selection(List.of("state:modified"), List.of()).select(project, state).models())
                .containsExactlyInAnyOrder("stg_payments", "dim_customers", "stg_top");
        assertThat(new Selection(List.of("state:modified.body"), List.of()).select(project, state).models())
                .containsExactlyInAnyOrder("stg_payments", "stg_top");
        assertThat(new Selection(List.of("state:new"), List.of()).select(project, state).models()).containsExactly("stg_top");
        // "state:modified+": what changed and everything downstream of it
        assertThat(new Selection(List.of("state:modified+"), List.of("stg_top")).select(project, state).models())
                .containsExactly("stg_payments", "fct_orders", "dim_customers", "customer_report");
        // "state:old": recorded before; "state:unmodified": recorded and unchanged
        assertThat(new Selection(List.of("state:old"), List.of()).select(project, state).models()).hasSize(6).doesNotContain("stg_top");
        assertThat(new Selection(List.of("state:unmodified"), List.of()).select(project, state).models())
                .containsExactlyInAnyOrder("stg_orders", "stg_customers", "fct_orders", "customer_report");
    }

    @Test
    void stateModifiedComparesWithAGitCommitWhenGivenOne() throws Exception {
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern("models").call();
            git.commit().setMessage("models").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
            // a branch: one model's SQL changed, one's config, one added
            write("models/staging/stg_payments.sql", "select *, 1 as changed from {{ source('raw', 'payments') }}");
            write("models/marts/finance/dim_customers.sql", "{{ config(materialized='view') }}\n"
                    + "select * from {{ ref('stg_customers') }} join {{ ref('fct_orders') }} using (customer_id)");
            write("models/marts/new_model.sql", "select * from {{ ref('stg_top') }}");
            project = load();
            assertThat(new Selection(List.of("state:modified"), List.of(), "main").select(project, null).models())
                    .containsExactlyInAnyOrder("stg_payments", "dim_customers", "new_model");
            assertThat(new Selection(List.of("state:new"), List.of(), "main").select(project, null).models()).containsExactly("new_model");
            // the state given by the last run is ignored when a commit is named
            ModelState.save(dir.resolve(".weft"), project, project.models().keySet(), project.tests());
            assertThat(new Selection(List.of("state:modified+"), List.of(), "main")
                    .select(project, ModelState.load(dir.resolve(".weft")).orElseThrow()).models())
                    .containsExactlyInAnyOrder("stg_payments", "fct_orders", "dim_customers", "customer_report", "new_model");
            assertThatThrownBy(() -> new Selection(List.of("state:modified"), List.of(), "no-such-branch").select(project, null))
                    .hasMessage("--state-ref no-such-branch: no branch, tag or commit of that name in " + dir.toRealPath());
        }
    }

    @Test
    void aTestAddedOrChangedOnAnUnchangedModelIsModified() throws Exception {
        // dbt: "state:modified: all new nodes and nodes that have been modified" -- tests are nodes; a generic test's
        // unique id carries its arguments, so a test whose arguments change is a new node.
        Path stateDir = dir.resolve(".weft");
        ModelState.save(stateDir, project, project.models().keySet(), project.tests());
        String yaml = Files.readString(dir.resolve("models/sources.yml"));
        write("models/sources.yml", yaml.replace("tests: [unique]", "tests: [unique, not_null]")
                .replace("field: customer_id", "field: id"));
        project = load();
        ModelState state = ModelState.load(stateDir).orElseThrow();
        Selection.Selected modified = new Selection(List.of("state:modified"), List.of()).select(project, state);
        assertThat(modified.models()).isEmpty();
        assertThat(modified.tests()).extracting(SchemaTest::name)
                .containsExactlyInAnyOrder("not_null_stg_orders_order_id", "relationships_fct_orders_customer_id");
        // once they pass (a test or build run saves them), they are recorded as they are now
        ModelState.save(stateDir, project, List.of(), modified.tests());
        assertThat(new Selection(List.of("state:modified"), List.of()).select(project, ModelState.load(stateDir).orElseThrow()).tests()).isEmpty();
    }

    @Test
    void aChangedTagIsNoModificationAsInDbt() throws Exception {
        // dbt's state comparison caveats: changes to tags don't count as modifications (they change no build)
        Path stateDir = dir.resolve(".weft");
        ModelState.save(stateDir, project, List.of("stg_orders"), List.of());
        write("models/staging/stg_orders.sql", "{{ config(materialized='table', tags=['hourly']) }}\nselect * from {{ source('raw', 'orders') }}");
        project = load();
        ModelState state = ModelState.load(stateDir).orElseThrow();
        assertThat(new Selection(List.of("state:modified"), List.of("state:new")).select(project, state).models()).isEmpty();
        write("models/staging/stg_orders.sql", "{{ config(materialized='view', tags=['hourly']) }}\nselect * from {{ source('raw', 'orders') }}");
        project = load();
        assertThat(new Selection(List.of("state:modified.configs"), List.of("state:new")).select(project, state).models())
                .containsExactly("stg_orders");
    }

    @Test
    void aConfigIsRecordedAsBeforeSnapshotsExistedSoAnUpgradeMarksNothingModified() {
        // The text an earlier version wrote to .weft/state/models.json for an incremental model with a key and a tag.
        String recorded = "ModelConfig[materialized=INCREMENTAL, uniqueKey=[order_id], tags=[nightly]]";
        assertThat(ModelState.Entry.configText(new ModelConfig(ModelConfig.Materialization.INCREMENTAL, List.of("order_id"),
                List.of("nightly")))).isEqualTo(recorded);
    }
}
