package dev.weft.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.Workspace;
import dev.weft.audit.Actor;
import dev.weft.audit.AuditEntry;
import dev.weft.audit.AuditFilter;
import dev.weft.audit.AuditLog;
import dev.weft.store.Store;
import dev.weft.store.StoreConfig;
import dev.weft.warehouse.Warehouse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How a models run behaves in a real warehouse. One subclass per engine supplies an empty warehouse.
 */
abstract class ModelRunnerContract {

    @TempDir
    Path dir;

    protected Warehouse warehouse;
    private Store store;
    private ModelRunner runner;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    protected abstract Warehouse openEmptyWarehouse() throws Exception;

    @BeforeEach
    void open() throws Exception {
        warehouse = openEmptyWarehouse();
        store = new Store(new StoreConfig(null, null, null, null), new Workspace(dir.resolve("state").toString()));
        runner = new ModelRunner(warehouse, dir, dir.resolve(".weft"), new ModelRunStore(store), 3, new ModelMetrics(meters), new AuditLog(store));
        warehouse.execute("CREATE TABLE raw_items (id INTEGER, name VARCHAR(50), price INTEGER, updated_at TIMESTAMP)");
        warehouse.execute("INSERT INTO raw_items VALUES (1, 'a', 10, TIMESTAMP '2025-01-01 00:00:00'),"
                + " (2, 'b', 20, TIMESTAMP '2025-01-02 00:00:00'), (3, 'c', 30, TIMESTAMP '2025-01-03 00:00:00')");
        write("models/sources.yml", """
                version: 2
                sources:
                  - name: shop
                    tables:
                      - name: items
                        identifier: raw_items
                """);
    }

    @AfterEach
    void close() {
        runner.close();
        warehouse.close();
        store.close();
    }

    protected void write(String file, String text) throws IOException {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private long count(String table) {
        return warehouse.queryLong("SELECT count(*) FROM " + table).orElseThrow();
    }

    @Test
    void aRunIsAuditedAsItsActorWithItsSelectionButNotItsVarsAndATestIsNot() throws IOException {
        write("models/items.sql", "{{ config(materialized='table') }}\nselect id from {{ source('shop', 'items') }} where price > {{ var('min', 0) }}");
        RunSummary run = Actor.cli().actFor(() -> runner.run(new RunOptions(Selection.of("items"), true,
                Map.of("min", "secret-threshold"), null, null, null)));
        runner.test(RunOptions.of(Selection.ALL));
        List<AuditEntry> log = new AuditLog(store).list(AuditFilter.ALL, null, 10).entries();
        assertThat(log).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("models.run");
            assertThat(e.actor()).isEqualTo(Actor.cli().name());
            assertThat(e.subjectType()).isEqualTo("models_run");
            assertThat(e.subjectId()).isEqualTo(run.runId());
            assertThat(e.after().get("select")).extracting(JsonNode::asText).containsExactly("items");
            assertThat(e.after().get("full_refresh").asBoolean()).isTrue();
            assertThat(e.after().toString()).doesNotContain("secret-threshold");
        });
    }

    @Test
    void buildsModelsInRefOrderAndRecordsTheRun() throws IOException {
        write("models/staging/stg_items.sql", "{{ config(materialized='table') }}\nselect id, name, price from {{ source('shop', 'items') }}");
        write("models/marts/expensive.sql", "select * from {{ ref('stg_items') }} where price > 15");
        write("models/marts/expensive_count.sql", "{{ config(materialized='table') }}\nselect count(*) as n from {{ ref('expensive') }}");

        RunSummary run = runner.run(Selection.ALL);

        assertThat(run.status()).isEqualTo("success");
        assertThat(run.results()).extracting(ModelResult::name).containsExactly("stg_items", "expensive", "expensive_count");
        assertThat(run.results()).allMatch(r -> r.status() == ModelResult.Status.SUCCESS);
        ModelResult stg = run.results().get(0);
        assertThat(stg.rowsAffected()).isEqualTo(3);
        assertThat(stg.materialized()).isEqualTo("table");
        assertThat(stg.sqlHash()).isEqualTo(ModelRunner.sha256(stg.compiledSql())).hasSize(64);
        assertThat(run.results().get(1).materialized()).isEqualTo("view");
        assertThat(warehouse.queryLong("SELECT n FROM expensive_count")).contains(2L);
        assertThat(warehouse.listTables()).noneMatch(t -> t.startsWith(Materializations.STAGING_PREFIX));
        assertThat(runner.runs().find(run.runId())).get().extracting(RunSummary::results)
                .asList().hasSize(3);
        assertThat(runner.runs().lastRun("expensive")).get().extracting(l -> l.result().status())
                .isEqualTo(ModelResult.Status.SUCCESS);
    }

    @Test
    void aFailedModelSkipsItsDescendantsAndTheRestStillRuns() throws IOException {
        write("models/base.sql", "{{ config(materialized='table') }}\nselect id, price from {{ source('shop', 'items') }}");
        write("models/broken.sql", "{{ config(materialized='table') }}\nselect no_such_column from {{ ref('base') }}");
        write("models/after_broken.sql", "select * from {{ ref('broken') }}");
        write("models/after_after.sql", "select * from {{ ref('after_broken') }}");
        write("models/sibling.sql", "{{ config(materialized='table') }}\nselect sum(price) as total from {{ ref('base') }}");

        RunSummary run = runner.run(Selection.ALL);

        assertThat(run.status()).isEqualTo("error");
        Map<String, ModelResult> byName = byName(run);
        assertThat(byName.get("base").status()).isEqualTo(ModelResult.Status.SUCCESS);
        assertThat(byName.get("sibling").status()).isEqualTo(ModelResult.Status.SUCCESS);
        assertThat(byName.get("broken").status()).isEqualTo(ModelResult.Status.ERROR);
        assertThat(byName.get("broken").error()).containsIgnoringCase("no_such_column");
        // the model file and its line (line 1 of the compiled SQL, which config() left empty), and the compiled SQL's path
        String engine = warehouse.dialect().name();
        assertThat(byName.get("broken").error()).startsWith("models/broken.sql line 2: ")
                .endsWith("\n  compiled SQL: .weft/compiled/" + engine + "/models/broken.sql line 1");
        assertThat(dir.resolve(".weft/compiled/" + engine + "/models/broken.sql")).hasContent("select no_such_column from "
                + warehouse.dialect().ident("base"));
        assertThat(byName.get("after_broken").status()).isEqualTo(ModelResult.Status.SKIPPED);
        assertThat(byName.get("after_after").status()).isEqualTo(ModelResult.Status.SKIPPED);
        assertThat(byName.get("after_after").error()).contains("broken");
        assertThat(warehouse.queryLong("SELECT total FROM sibling")).contains(60L);
        assertThat(warehouse.tableExists("after_broken")).isFalse();
        assertThat(meters.get("weft.model.runs").tags("kind", "models", "status", "error").counter().count()).isEqualTo(1.0);
        assertThat(meters.get("weft.model.run.duration").tags("kind", "models", "status", "error").timer().count()).isEqualTo(1);
        assertThat(meters.get("weft.model.results").tags("kind", "models", "status", "success").counter().count()).isEqualTo(2.0);
        assertThat(meters.get("weft.model.results").tags("kind", "models", "status", "error").counter().count()).isEqualTo(1.0);
        assertThat(meters.get("weft.model.results").tags("kind", "models", "status", "skipped").counter().count()).isEqualTo(2.0);
    }

    @Test
    void incrementalModelsMergeOnTheirKeyAfterTheFirstRun() throws IOException {
        write("models/items_inc.sql", """
                {{ config(materialized='incremental', unique_key='id') }}
                select id, name, price, updated_at from {{ source('shop', 'items') }}
                {% if is_incremental() %}
                where updated_at > (select max(updated_at) from {{ this }})
                {% endif %}
                """);
        RunSummary first = runner.run(Selection.ALL);
        assertThat(first.results().get(0).rowsAffected()).isEqualTo(3);
        assertThat(first.results().get(0).compiledSql()).doesNotContain("max(updated_at)");

        warehouse.execute("UPDATE raw_items SET price = 25, updated_at = TIMESTAMP '2025-02-01 00:00:00' WHERE id = 2");
        warehouse.execute("INSERT INTO raw_items VALUES (4, 'd', 40, TIMESTAMP '2025-02-02 00:00:00')");
        // A row changed before the last build is not picked up: proof that the incremental branch ran.
        warehouse.execute("UPDATE raw_items SET price = 99 WHERE id = 1");

        RunSummary second = runner.run(Selection.ALL);

        assertThat(second.status()).isEqualTo("success");
        ModelResult inc = second.results().get(0);
        assertThat(inc.compiledSql()).contains("max(updated_at)");
        assertThat(count("items_inc")).isEqualTo(4);
        assertThat(warehouse.queryList("SELECT id, price FROM items_inc ORDER BY id", List.of(),
                r -> r.getLong(0) + ":" + r.getLong(1))).containsExactly("1:10", "2:25", "3:30", "4:40");
        assertThat(inc.rowsAffected()).isEqualTo(2);

        RunSummary full = runner.run(new RunOptions(Selection.ALL, true, Map.of(), null, null, null));
        assertThat(full.results().get(0).compiledSql()).doesNotContain("max(updated_at)");
        assertThat(warehouse.queryLong("SELECT price FROM items_inc WHERE id = 1")).contains(99L);
    }

    @Test
    void anIncrementalModelWithoutAKeyAppendsEvenWhenItEndsInAComment() throws IOException {
        write("models/items_log.sql", """
                {{ config(materialized='incremental') }}
                select id, price from {{ source('shop', 'items') }}
                {% if is_incremental() %} where id > (select max(id) from {{ this }}) {% endif %} -- new items only""");
        assertThat(runner.run(Selection.ALL).results().get(0).error()).isNull();
        warehouse.execute("INSERT INTO raw_items VALUES (4, 'd', 40, TIMESTAMP '2025-02-02 00:00:00')");
        ModelResult appended = runner.run(Selection.ALL).results().get(0);
        assertThat(appended.error()).isNull();
        assertThat(appended.rowsAffected()).isEqualTo(1);
        assertThat(count("items_log")).isEqualTo(4);
    }

    @Test
    void hooksRunAroundTheBuildRenderedForIt() throws IOException {
        // dbt's idiom for keys that vanish from the source: merge what changed, then delete what is gone.
        write("models/items_live.sql", """
                {{ config(materialized='incremental', unique_key='id',
                          pre_hook="insert into hook_log select '{{ 'increment' if is_incremental() else 'first' }}'",
                          post_hook=["{% if is_incremental() %}delete from {{ this }} where id not in (select id from {{ source('shop', 'items') }}){% endif %}",
                                     "insert into hook_log select 'after'"]) }}
                select id, price from {{ source('shop', 'items') }}
                {% if is_incremental() %} where id > (select max(id) from {{ this }}) {% endif %}
                """);
        warehouse.execute("CREATE TABLE hook_log (event varchar(20))");
        assertThat(runner.run(Selection.ALL).results().get(0).error()).isNull();
        assertThat(count("items_live")).isEqualTo(3);

        warehouse.execute("DELETE FROM raw_items WHERE id = 1");
        warehouse.execute("INSERT INTO raw_items VALUES (4, 'd', 40, TIMESTAMP '2025-02-02 00:00:00')");
        ModelResult increment = runner.run(Selection.ALL).results().get(0);

        assertThat(increment.error()).isNull();
        assertThat(warehouse.queryList("SELECT id FROM items_live ORDER BY id", List.of(), r -> r.getLong(0)))
                .containsExactly(2L, 3L, 4L);
        assertThat(warehouse.queryList("SELECT event FROM hook_log", List.of(), r -> r.getString(0)))
                .containsExactlyInAnyOrder("first", "after", "increment", "after");
    }

    @Test
    void anIncrementalModelGivingANewColumnIsBuiltInFull() throws IOException {
        String model = """
                {{ config(materialized='incremental', unique_key='id') }}
                select id, price%s from {{ source('shop', 'items') }}
                {%% if is_incremental() %%} where id > (select max(id) from {{ this }}) {%% endif %%}
                """;
        write("models/items_cols.sql", model.formatted(""));
        assertThat(runner.run(Selection.ALL).results().get(0).error()).isNull();

        write("models/items_cols.sql", model.formatted(", name"));
        ModelResult rebuilt = runner.run(Selection.ALL).results().get(0);

        assertThat(rebuilt.error()).isNull();
        assertThat(rebuilt.compiledSql()).doesNotContain("max(id)");
        assertThat(warehouse.queryList("SELECT id, name FROM items_cols ORDER BY id", List.of(),
                r -> r.getLong(0) + ":" + r.getString(1))).containsExactly("1:a", "2:b", "3:c");
        assertThat(warehouse.listTables()).noneMatch(t -> t.startsWith(Materializations.STAGING_PREFIX));
    }

    @Test
    void aHooksMistakeIsReportedWhenTheProjectCompiles() throws IOException {
        write("models/hooked.sql", """
                {{ config(materialized='table', post_hook="delete from {{ this } where 1 = 0") }}
                select 1 as id
                """);
        assertThatThrownBy(() -> runner.run(Selection.ALL)).hasMessageContaining("models/hooked.sql line 1");
    }

    @Test
    void aTableIsSwappedInOnlyWhenFullyBuilt() throws IOException {
        write("models/priced.sql", """
                {{ config(materialized='table') }}
                select id, cast(case when price = {{ var('bad_price', -1) }} then 'not a number'
                                     else cast(price as varchar(20)) end as integer) as price
                from {{ source('shop', 'items') }}
                """);
        assertThat(runner.run(Selection.ALL).status()).isEqualTo("success");
        assertThat(count("priced")).isEqualTo(3);

        // bad_price 20 makes one row fail its cast: the build fails half-way and the old table must stay.
        warehouse.execute("INSERT INTO raw_items VALUES (4, 'd', 40, TIMESTAMP '2025-02-02 00:00:00')");
        RunSummary failed = runner.run(new RunOptions(Selection.ALL, false, Map.of("bad_price", "20"), null, null, null));
        assertThat(failed.status()).isEqualTo("error");
        assertThat(count("priced")).isEqualTo(3);

        RunSummary again = runner.run(Selection.ALL);
        assertThat(again.status()).isEqualTo("success");
        assertThat(count("priced")).isEqualTo(4);
        assertThat(warehouse.listTables()).noneMatch(t -> t.startsWith(Materializations.STAGING_PREFIX));
    }

    @Test
    void schemaTestsPassAndFail() throws IOException {
        write("models/items.sql", "{{ config(materialized='table') }}\nselect id, name, price from {{ source('shop', 'items') }}");
        write("models/lines.sql", """
                {{ config(materialized='table') }}
                select 1 as line_id, 1 as item_id, 'open' as state
                union all select 2, 2, 'closed'
                union all select 2, 7, 'lost'
                union all select 3, null, 'open'
                """);
        write("models/schema.yml", """
                version: 2
                models:
                  - name: items
                    columns:
                      - name: id
                        tests: [not_null, unique]
                      - name: name
                        tests:
                          - accepted_values:
                              values: ['a', 'b', 'c']
                  - name: lines
                    columns:
                      - name: line_id
                        tests: [unique]
                      - name: item_id
                        data_tests:
                          - not_null
                          - relationships:
                              to: ref('items')
                              field: id
                      - name: state
                        tests:
                          - accepted_values:
                              values: ['open', 'closed']
                """);
        assertThat(runner.run(Selection.ALL).status()).isEqualTo("success");

        RunSummary tests = runner.test(RunOptions.of(Selection.ALL));

        assertThat(tests.kind()).isEqualTo(ModelRunner.KIND_TEST);
        assertThat(tests.status()).isEqualTo("error");
        Map<String, ModelResult> byName = byName(tests);
        assertThat(byName.get("not_null_items_id").status()).isEqualTo(ModelResult.Status.PASS);
        assertThat(byName.get("unique_items_id").status()).isEqualTo(ModelResult.Status.PASS);
        assertThat(byName.get("accepted_values_items_name").status()).isEqualTo(ModelResult.Status.PASS);
        assertThat(byName.get("unique_lines_line_id").rowsAffected()).isEqualTo(1);
        assertThat(byName.get("not_null_lines_item_id").rowsAffected()).isEqualTo(1);
        assertThat(byName.get("relationships_lines_item_id").rowsAffected()).isEqualTo(1);
        assertThat(byName.get("accepted_values_lines_state").status()).isEqualTo(ModelResult.Status.FAIL);
        assertThat(byName.get("accepted_values_lines_state").error()).contains("1 failing rows", "models/schema.yml line 23");
        String engine = warehouse.dialect().name();
        assertThat(byName.get("accepted_values_lines_state").error()).isEqualTo("1 failing rows (models/schema.yml line 23); "
                + "compiled SQL: .weft/compiled/" + engine + "/tests/accepted_values_lines_state.sql\n"
                + "all of them:\n"
                + "  line_id | item_id | state\n"
                + "  2       | 7       | lost");
        assertThat(dir.resolve(".weft/compiled/" + engine + "/tests/accepted_values_lines_state.sql")).content()
                .contains("NOT IN (?, ?)", "? are [open, closed]");
        assertThat(byName.get("unique_lines_line_id").error()).endsWith("all of them:\n  line_id | n_records\n  2       | 2");
        RunSummary none = runner.test(new RunOptions(Selection.of("lines"), false, Map.of(), null, null, null, 1, false, 0));
        assertThat(byName(none).get("not_null_lines_item_id").error()).endsWith("not_null_lines_item_id.sql");
        assertThat(FailingRows.table(List.of(List.of("id", "n"), List.of("1", "2")), 7)).isEqualTo("the first 1:\n  id | n\n  1  | 2");

        RunSummary onlyItems = runner.test(RunOptions.of(Selection.of("items")));
        assertThat(onlyItems.status()).isEqualTo("error");
        // dbt's eager indirect selection: the relationships test of lines to items has items as a parent, so it comes too
        assertThat(onlyItems.results()).extracting(ModelResult::name).containsExactlyInAnyOrder("not_null_items_id",
                "unique_items_id", "accepted_values_items_name", "relationships_lines_item_id");
        RunSummary itemsAlone = runner.test(RunOptions.of(new Selection(List.of("items"), List.of("lines"))));
        assertThat(itemsAlone.status()).isEqualTo("success");
        assertThat(itemsAlone.results()).hasSize(3);
    }

    @Test
    void buildRunsEachModelsTestsBeforeItsDescendantsAndAFailingTestSkipsExactlyThem() throws IOException {
        write("models/base.sql", "{{ config(materialized='table') }}\nselect id, price from {{ source('shop', 'items') }}");
        write("models/doubled.sql", "{{ config(materialized='table') }}\nselect id from {{ ref('base') }} union all select id from {{ ref('base') }}");
        write("models/after_doubled.sql", "select id from {{ ref('doubled') }}");
        write("models/after_after.sql", "select id from {{ ref('after_doubled') }}");
        write("models/sibling.sql", "select sum(price) as total from {{ ref('base') }}");
        write("models/broken.sql", "select nope from {{ ref('base') }}");
        write("models/schema.yml", """
                version: 2
                models:
                  - name: base
                    columns:
                      - name: id
                        tests: [unique, not_null]
                  - name: doubled
                    columns:
                      - name: id
                        tests: [unique, not_null]
                  - name: after_doubled
                    columns:
                      - name: id
                        tests: [not_null]
                  - name: broken
                    columns:
                      - name: nope
                        tests: [not_null]
                """);

        RunSummary build = runner.build(RunOptions.of(Selection.ALL));

        assertThat(build.kind()).isEqualTo(ModelRunner.KIND_BUILD);
        assertThat(build.status()).isEqualTo("error");
        Map<String, ModelResult> byName = byName(build);
        assertThat(byName.get("unique_doubled_id").status()).isEqualTo(ModelResult.Status.FAIL);
        assertThat(byName.get("not_null_doubled_id").status()).isEqualTo(ModelResult.Status.PASS);
        assertThat(byName.get("broken").status()).isEqualTo(ModelResult.Status.ERROR);
        // skipped: exactly the descendants of the failing test's model (and their tests), and the failed model's tests
        assertThat(build.results()).filteredOn(r -> r.status() == ModelResult.Status.SKIPPED).extracting(ModelResult::name)
                .containsExactlyInAnyOrder("after_doubled", "after_after", "not_null_after_doubled_id", "not_null_broken_nope");
        assertThat(byName.get("after_doubled").error()).isEqualTo("skipped: test unique_doubled_id of upstream model doubled failed");
        assertThat(byName.get("not_null_broken_nope").error()).isEqualTo("skipped: upstream model broken failed");
        for (String ok : List.of("base", "doubled", "sibling")) {
            assertThat(byName.get(ok).status()).as(ok).isEqualTo(ModelResult.Status.SUCCESS);
        }
        assertThat(byName.get("unique_base_id").status()).isEqualTo(ModelResult.Status.PASS);
        assertThat(warehouse.tableExists("after_doubled")).isFalse();
        assertThat(runner.state()).as("only a successful run records the state state:modified compares with").isEmpty();
        // DAG order: every model after its parents' tests, every test after its model
        List<String> order = build.results().stream().map(ModelResult::name).toList();
        assertThat(order.indexOf("doubled")).isGreaterThan(order.indexOf("unique_base_id")).isGreaterThan(order.indexOf("base"));
        assertThat(order.indexOf("sibling")).isGreaterThan(order.indexOf("not_null_base_id"));

        write("models/doubled.sql", "{{ config(materialized='table') }}\nselect id from {{ ref('base') }}");
        write("models/broken.sql", "select id as nope from {{ ref('base') }}");
        RunSummary fixed = runner.build(RunOptions.of(Selection.ALL));
        assertThat(fixed.status()).isEqualTo("success");
        assertThat(fixed.results()).hasSize(12).allMatch(r -> r.status().ok());
        assertThat(warehouse.queryLong("SELECT count(*) FROM after_after")).contains(3L);
        assertThat(runner.state()).get().extracting(st -> st.models().keySet()).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.COLLECTION)
                .containsExactlyInAnyOrder("base", "doubled", "after_doubled", "after_after", "sibling", "broken",
                        // and the tests that passed, by definition (state:modified selects a test changed on its own)
                        "test:not_null|after_doubled|id|[]|null|null", "test:not_null|base|id|[]|null|null",
                        "test:not_null|broken|nope|[]|null|null", "test:not_null|doubled|id|[]|null|null",
                        "test:unique|base|id|[]|null|null", "test:unique|doubled|id|[]|null|null");
        write("models/sibling.sql", "select max(price) as total from {{ ref('base') }}");
        assertThat(runner.build(RunOptions.of(Selection.of("state:modified+"))).results()).extracting(ModelResult::name)
                .containsExactly("sibling");
    }

    @Test
    void selectionRunsOnlyTheChosenModels() throws IOException {
        write("models/a.sql", "{{ config(materialized='table') }}\nselect id from {{ source('shop', 'items') }}");
        write("models/b.sql", "select * from {{ ref('a') }}");
        write("models/c.sql", "select * from {{ ref('b') }}");
        write("models/other.sql", "select 1 as x");

        assertThat(runner.run(Selection.of("+b")).results()).extracting(ModelResult::name).containsExactly("a", "b");
        assertThat(runner.run(Selection.of("b+")).results()).extracting(ModelResult::name).containsExactly("b", "c");
        assertThat(runner.run(new Selection(List.of(), List.of("source:shop+"))).results())
                .extracting(ModelResult::name).containsExactly("other");
    }

    @Test
    void aModelCanChangeBetweenViewAndTable() throws IOException {
        write("models/shape.sql", "select id from {{ source('shop', 'items') }}");
        assertThat(runner.run(Selection.ALL).status()).isEqualTo("success");
        write("models/shape.sql", "{{ config(materialized='table') }}\nselect id from {{ source('shop', 'items') }}");
        RunSummary toTable = runner.run(Selection.ALL);
        assertThat(toTable.results().get(0).error()).isNull();
        assertThat(toTable.results().get(0).rowsAffected()).isEqualTo(3);
        write("models/shape.sql", "select id from {{ source('shop', 'items') }} where id > 1");
        RunSummary toView = runner.run(Selection.ALL);
        assertThat(toView.results().get(0).error()).isNull();
        assertThat(count("shape")).isEqualTo(2);
    }

    @Test
    void aTableModelWithALongNameIsRebuiltWithoutLosingItsTable() throws IOException {
        // As long as Postgres keeps (63 bytes): a staging name made by appending to it would be cut
        // back to the model's own name there, and the build would drop the model's table.
        String name = "customers_by_first_order_channel_and_lifetime_value_band_rollup";
        write("models/" + name + ".sql", "{{ config(materialized='table') }}\nselect id, price from {{ source('shop', 'items') }}");
        assertThat(runner.run(Selection.ALL).results().get(0).error()).isNull();
        RunSummary again = runner.run(Selection.ALL);
        assertThat(again.results().get(0).error()).isNull();
        assertThat(again.results().get(0).rowsAffected()).isEqualTo(3);
        assertThat(count(name)).isEqualTo(3);
    }

    protected static Map<String, ModelResult> byName(RunSummary run) {
        Map<String, ModelResult> out = new java.util.HashMap<>();
        run.results().forEach(r -> out.put(r.name(), r));
        return out;
    }
}
