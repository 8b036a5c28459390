package dev.weft.models;

import dev.weft.Workspace;
import dev.weft.audit.AuditLog;
import dev.weft.store.Store;
import dev.weft.store.StoreConfig;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.TableInfo;
import dev.weft.warehouse.Warehouse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** dbt's seeds in a real warehouse: CSV files under models/seeds/ loaded as tables. One subclass per engine. */
abstract class SeedsContract {

    @TempDir
    Path dir;

    protected Warehouse warehouse;
    private Store store;
    private ModelRunner runner;

    protected abstract Warehouse openEmptyWarehouse() throws Exception;

    @BeforeEach
    void open() throws Exception {
        warehouse = openEmptyWarehouse();
        store = new Store(new StoreConfig(null, null, null, null), new Workspace(dir.resolve("state").toString()));
        runner = new ModelRunner(warehouse, dir, dir.resolve(".weft"), new ModelRunStore(store), 2,
                new ModelMetrics(new SimpleMeterRegistry()), new AuditLog(store));
    }

    @AfterEach
    void close() {
        runner.close();
        warehouse.close();
        store.close();
    }

    private void write(String file, String text) throws IOException {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private Map<String, ColumnType> types(String table) {
        Map<String, ColumnType> out = new LinkedHashMap<>();
        warehouse.describeTable(table).orElseThrow().columns().forEach(c -> out.put(c.name(), c.type()));
        return out;
    }

    private List<List<String>> rows(String sql) {
        List<List<String>> out = new ArrayList<>();
        warehouse.query(sql, List.of(), row -> {
            List<String> r = new ArrayList<>();
            for (int i = 0; i < row.columnCount(); i++) {
                Object v = row.getObject(i);
                r.add(v == null ? null : v.toString());
            }
            out.add(r);
        });
        return out;
    }

    @Test
    void typesAreInferredFromTheValuesAndAnEmptyFieldIsNull() throws IOException {
        write("models/seeds/countries.csv", """
                \uFEFFcode,population,share,eu,joined,updated_at,Name,note
                de,84000000,0.19,true,1958-01-01,2025-01-02 03:04:05,Germany,
                fr,68000000,,FALSE,1958-01-01,2025-01-02T03:04:05Z,"France, Republic",
                ch,,0.02,false,,,Switzerland,
                """);

        RunSummary run = runner.seed(RunOptions.of(Selection.ALL));

        assertThat(run.status()).isEqualTo("success");
        assertThat(run.results()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("countries");
            assertThat(r.materialized()).isEqualTo("seed");
            assertThat(r.rowsAffected()).isEqualTo(3);
        });
        assertThat(types("countries")).containsExactly(Map.entry("code", ColumnType.VARCHAR),
                Map.entry("population", ColumnType.BIGINT), Map.entry("share", ColumnType.DOUBLE),
                Map.entry("eu", ColumnType.BOOLEAN), Map.entry("joined", ColumnType.DATE),
                Map.entry("updated_at", ColumnType.TIMESTAMP), Map.entry("name", ColumnType.VARCHAR),
                Map.entry("note", ColumnType.VARCHAR));
        assertThat(warehouse.queryLong("SELECT population FROM countries WHERE code = ?", "de")).contains(84_000_000L);
        assertThat(warehouse.queryLong("SELECT count(*) FROM countries WHERE eu")).contains(1L);
        assertThat(warehouse.queryLong("SELECT count(*) FROM countries WHERE share IS NULL OR population IS NULL"
                + " OR joined IS NULL")).contains(2L);
        assertThat(warehouse.queryLong("SELECT count(*) FROM countries WHERE updated_at = TIMESTAMP '2025-01-02 03:04:05'"))
                .contains(2L);
        assertThat(rows("SELECT name FROM countries WHERE code = 'fr'")).containsExactly(List.of("France, Republic"));
        assertThat(warehouse.listTables()).noneMatch(t -> t.startsWith(Materializations.STAGING_PREFIX));
    }

    @Test
    void declaredColumnTypesWinOverInference() throws IOException {
        write("models/seeds/zips.csv", "zip,city,rank\n01067,Dresden,1\n80331,Munich,2\n");
        write("models/seeds/schema.yml", """
                version: 2
                seeds:
                  - name: zips
                    config:
                      column_types:
                        zip: varchar(5)
                        rank: double
                """);

        assertThat(runner.seed(RunOptions.of(Selection.ALL)).status()).isEqualTo("success");

        assertThat(types("zips")).containsExactly(Map.entry("zip", ColumnType.VARCHAR), Map.entry("city", ColumnType.VARCHAR),
                Map.entry("rank", ColumnType.DOUBLE));
        assertThat(rows("SELECT zip FROM zips ORDER BY zip")).containsExactly(List.of("01067"), List.of("80331"));
    }

    @Test
    void aValueThatDoesNotFitItsDeclaredTypeNamesFileLineAndColumnAndLoadsNothing() throws IOException {
        write("models/seeds/events.csv", "id,happened_on\n1,2025-01-01\n2,last tuesday\n");
        write("models/schema.yml", """
                seeds:
                  - name: events
                    config: {column_types: {happened_on: date}}
                """);

        RunSummary run = runner.seed(RunOptions.of(Selection.ALL));

        assertThat(run.status()).isEqualTo("error");
        assertThat(run.results()).singleElement().extracting(ModelResult::error).isEqualTo(
                "models/seeds/events.csv line 3, column 2 (happened_on): 'last tuesday' is not a date as column_types declares");
        assertThat(warehouse.tableExists("events")).isFalse();
    }

    @Test
    void aModelRefsASeedWhichIsItsParentAndBuildLoadsSeedsFirst() throws IOException {
        write("models/seeds/plans.csv", "plan,price\nfree,0\npro,20\n");
        write("models/paid_plans.sql", "{{ config(materialized='table') }}\nselect plan from {{ ref('plans') }} where price > 0");
        write("models/seeds/seeds.yml", "seeds:\n  - name: plans\n    columns:\n      - name: plan\n        tests: [unique]\n");

        ModelProject project = runner.load(Map.of());
        assertThat(project.graph().upstream("paid_plans")).containsExactly("plans");
        assertThat(Selection.of("resource_type:seed").select(project, null).models()).containsExactly("plans");
        assertThat(Selection.of("config.materialized:seed").select(project, null).models()).containsExactly("plans");
        assertThat(Selection.of("resource_type:model").select(project, null).models()).containsExactly("paid_plans");

        // as in dbt, run builds models and not seeds: the seed's table is not there yet
        RunSummary run = runner.run(Selection.ALL);
        assertThat(run.results()).extracting(ModelResult::name).containsExactly("paid_plans");
        assertThat(run.status()).isEqualTo("error");

        RunSummary build = runner.build(RunOptions.of(Selection.ALL));
        assertThat(build.status()).isEqualTo("success");
        // the seed's tests run before the models that read it, as dbt build does
        assertThat(build.results()).extracting(ModelResult::name).containsExactly("plans", "unique_plans_plan", "paid_plans");
        assertThat(rows("SELECT plan FROM paid_plans")).containsExactly(List.of("pro"));
    }

    @Test
    void aReloadReplacesTheTable() throws IOException {
        write("models/seeds/plans.csv", "plan,price\nfree,0\npro,20\nteam,50\n");
        assertThat(runner.seed(RunOptions.of(Selection.of("plans"))).status()).isEqualTo("success");
        assertThat(warehouse.queryLong("SELECT count(*) FROM plans")).contains(3L);

        write("models/seeds/plans.csv", "plan,monthly\nstarter,9.5\n");
        assertThat(runner.seed(RunOptions.of(Selection.of("plans"))).status()).isEqualTo("success");

        assertThat(types("plans")).containsExactly(Map.entry("plan", ColumnType.VARCHAR), Map.entry("monthly", ColumnType.DOUBLE));
        assertThat(rows("SELECT plan, monthly FROM plans")).containsExactly(List.of("starter", "9.5"));
        assertThat(warehouse.describeTable("plans").map(TableInfo::columns).orElseThrow()).hasSize(2);
    }
}
