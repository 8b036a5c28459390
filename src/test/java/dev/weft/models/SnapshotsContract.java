package dev.weft.models;

import dev.weft.Workspace;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** dbt's snapshots in a real warehouse: type-2 history over several runs. One subclass per engine. */
abstract class SnapshotsContract {

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
        write("models/sources.yml", "sources:\n  - name: raw\n    tables:\n      - name: customers\n");
        warehouse.execute("CREATE TABLE customers (id INTEGER, email VARCHAR(100), name VARCHAR(100), updated_at TIMESTAMP)");
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

    private void insert(int id, String email, String name, String updatedAt) {
        warehouse.execute("INSERT INTO customers (id, email, name, updated_at) VALUES (?, ?, ?, CAST(? AS TIMESTAMP))", id, email, name,
                updatedAt);
    }

    private RunSummary snapshot() {
        RunSummary run = runner.snapshot(RunOptions.of(Selection.ALL));
        assertThat(run.status()).as("%s", run.results()).isEqualTo("success");
        return run;
    }

    /** The snapshot's rows as {@code id name valid_from valid_to}, {@code valid_to} shown as "current" or "closed". */
    private List<String> history(String snapshot, String column) {
        List<String> out = new ArrayList<>();
        warehouse.query("SELECT id, " + column + ", dbt_valid_from, dbt_valid_to, dbt_updated_at, dbt_scd_id FROM " + snapshot
                + " ORDER BY id, dbt_valid_from", List.of(), row -> out.add(row.getObject(0) + " " + row.getObject(1) + " "
                + (row.getObject(3) == null ? "current" : "closed")));
        return out;
    }

    private List<String> scdIds(String snapshot) {
        return warehouse.queryList("SELECT dbt_scd_id FROM " + snapshot + " ORDER BY dbt_scd_id", List.of(), r -> r.getString(0));
    }

    @Test
    void timestampStrategyKeepsHistoryOfUpdatesInsertsAndHardDeletes() throws IOException {
        write("snapshots/customers.sql", """
                {% snapshot customers_snapshot %}
                {{ config(unique_key='id', strategy='timestamp', updated_at='updated_at', invalidate_hard_deletes=True) }}
                select * from {{ source('raw', 'customers') }}
                {% endsnapshot %}
                """);
        insert(1, "a@x.io", "Ann", "2025-01-01 00:00:00");
        insert(2, "b@x.io", "Bob", "2025-01-01 00:00:00");
        insert(3, "c@x.io", "Cid", "2025-01-01 00:00:00");

        RunSummary first = snapshot();
        assertThat(first.results()).singleElement().satisfies(r -> {
            assertThat(r.materialized()).isEqualTo("snapshot");
            assertThat(r.rowsAffected()).isEqualTo(3);
        });
        assertThat(history("customers_snapshot", "name")).containsExactly("1 Ann current", "2 Bob current", "3 Cid current");
        assertThat(warehouse.queryLong("SELECT count(*) FROM customers_snapshot WHERE dbt_valid_from = updated_at"
                + " AND dbt_updated_at = updated_at")).contains(3L);

        // Bob changes, Cid is deleted, Dee arrives; Ann's name changes without a newer updated_at, which the strategy ignores
        warehouse.execute("UPDATE customers SET name = 'Bobby', updated_at = CAST('2025-02-01 00:00:00' AS TIMESTAMP) WHERE id = 2");
        warehouse.execute("UPDATE customers SET name = 'Anne' WHERE id = 1");
        warehouse.execute("DELETE FROM customers WHERE id = 3");
        insert(4, "d@x.io", "Dee", "2025-02-01 00:00:00");
        snapshot();

        assertThat(history("customers_snapshot", "name")).containsExactly("1 Ann current", "2 Bob closed", "2 Bobby current",
                "3 Cid closed", "4 Dee current");
        assertThat(warehouse.queryLong("SELECT count(*) FROM customers_snapshot WHERE id = 2 AND name = 'Bob'"
                + " AND dbt_valid_to = CAST('2025-02-01 00:00:00' AS TIMESTAMP)")).contains(1L);
        assertThat(warehouse.queryLong("SELECT count(*) FROM customers_snapshot WHERE id = 3 AND dbt_valid_to > updated_at"))
                .as("a hard delete closes the row at the snapshot's time").contains(1L);

        // nothing changed: no new row, and a re-run changes nothing either
        List<String> ids = scdIds("customers_snapshot");
        snapshot();
        snapshot();
        assertThat(scdIds("customers_snapshot")).isEqualTo(ids).doesNotContainNull().doesNotHaveDuplicates();

        // a deleted record that comes back is a new current row
        insert(3, "c@x.io", "Cid", "2025-03-01 00:00:00");
        snapshot();
        assertThat(history("customers_snapshot", "name")).containsExactly("1 Ann current", "2 Bob closed", "2 Bobby current",
                "3 Cid closed", "3 Cid current", "4 Dee current");
        assertThat(warehouse.listTables()).noneMatch(t -> t.startsWith(Materializations.STAGING_PREFIX));
    }

    /** The snapshot's rows as {@code id name current|closed dbt_is_deleted}, each record's closed rows first. */
    private List<String> deletions(String snapshot) {
        List<String> out = new ArrayList<>();
        warehouse.query("SELECT id, name, dbt_valid_to, dbt_is_deleted FROM " + snapshot + " ORDER BY id, CASE WHEN dbt_valid_to IS NULL THEN 1 ELSE 0 END, dbt_valid_from",
                List.of(), row -> out.add(row.getObject(0) + " " + row.getObject(1) + " " + (row.getObject(2) == null ? "current" : "closed")
                        + " " + row.getString(3)));
        return out;
    }

    @Test
    void aYamlSnapshotWithNewRecordKeepsEachDeletionAsARowAndTakesTheColumnsItsSourceGains() throws IOException {
        write("snapshots/customers.yml", """
                snapshots:
                  - name: customers_history
                    relation: source('raw', 'customers')
                    description: Every version of each customer.
                    config:
                      unique_key: id
                      strategy: timestamp
                      updated_at: updated_at
                      hard_deletes: new_record
                      tags: [history]
                """);
        insert(1, "a@x.io", "Ann", "2025-01-01 00:00:00");
        insert(2, "b@x.io", "Bob", "2025-01-01 00:00:00");
        insert(3, "c@x.io", "Cid", "2025-01-01 00:00:00");

        ModelProject project = runner.load(Map.of());
        assertThat(project.model("customers_history").file()).isEqualTo("snapshots/customers.yml");
        assertThat(Selection.of("tag:history").select(project, null).models()).containsExactly("customers_history");
        snapshot();
        assertThat(deletions("customers_history")).containsExactly("1 Ann current False", "2 Bob current False", "3 Cid current False");

        // Bob changes, Cid is deleted, Dee arrives: Cid's row is closed and a deletion row of its last values is current
        warehouse.execute("UPDATE customers SET name = 'Bobby', updated_at = CAST('2025-02-01 00:00:00' AS TIMESTAMP) WHERE id = 2");
        warehouse.execute("DELETE FROM customers WHERE id = 3");
        insert(4, "d@x.io", "Dee", "2025-02-01 00:00:00");
        snapshot();
        assertThat(deletions("customers_history")).containsExactly("1 Ann current False", "2 Bob closed False", "2 Bobby current False",
                "3 Cid closed False", "3 Cid current True", "4 Dee current False");
        assertThat(warehouse.queryLong("SELECT count(*) FROM customers_history WHERE dbt_is_deleted = 'True'"
                + " AND dbt_valid_from > updated_at AND dbt_updated_at = dbt_valid_from AND email = 'c@x.io'"))
                .as("the deletion row holds the record's last values, from the time of the run").contains(1L);
        // the deletion is recorded once: a re-run adds nothing
        List<String> ids = scdIds("customers_history");
        snapshot();
        assertThat(scdIds("customers_history")).isEqualTo(ids).doesNotHaveDuplicates();

        // the source gains a column (added to the snapshot, NULL in earlier rows) and Cid comes back
        warehouse.execute("ALTER TABLE customers ADD COLUMN plan VARCHAR(20)");
        insert(3, "c@x.io", "Cid", "2025-03-01 00:00:00");
        warehouse.execute("UPDATE customers SET plan = 'pro', updated_at = CAST('2025-03-01 00:00:00' AS TIMESTAMP) WHERE id = 4");
        snapshot();
        assertThat(deletions("customers_history")).containsExactly("1 Ann current False", "2 Bob closed False", "2 Bobby current False",
                "3 Cid closed False", "3 Cid closed True", "3 Cid current False", "4 Dee closed False", "4 Dee current False");
        assertThat(warehouse.describeTable("customers_history").orElseThrow().column("plan")).isPresent();
        assertThat(warehouse.queryList("SELECT id, plan FROM customers_history WHERE plan IS NOT NULL", List.of(),
                r -> r.getObject(0) + " " + r.getString(1))).containsExactly("4 pro");
        assertThat(warehouse.listTables()).noneMatch(t -> t.startsWith(Materializations.STAGING_PREFIX));
    }

    @Test
    void yamlSnapshotProblemsNameTheFileAndLineAllInOnePass() throws IOException {
        write("snapshots/bad.yml", """
                snapshots:
                  - name: by_path
                    relation: raw.customers
                    config: {unique_key: id, strategy: check, check_cols: all}
                  - name: renamed_columns
                    relation: source('raw', 'customers')
                    config:
                      unique_key: id
                      strategy: check
                      check_cols: all
                      snapshot_meta_column_names: {dbt_valid_from: valid_from}
                  - name: no_strategy
                    relation: ref('nothing_here')
                    config: {unique_key: id, hard_deletes: sometimes}
                """);

        assertThatThrownBy(() -> runner.load(Map.of())).hasMessageContainingAll(
                "snapshots/bad.yml line 3, column 15: relation must be ref('<model>') or source('<source>', '<table>'), got 'raw.customers'",
                "snapshots/bad.yml line 11, column 35: snapshot_meta_column_names is not supported",
                "snapshots/bad.yml line 12: snapshot 'no_strategy': a snapshot needs config(strategy='timestamp') or config(strategy='check')",
                "snapshots/bad.yml line 12: snapshot 'no_strategy': hard_deletes='sometimes' is not one of ignore, invalidate, new_record",
                "nothing_here");
    }

    @Test
    void checkStrategyComparesTheCheckColumnsAndIgnoresHardDeletesByDefault() throws IOException {
        write("snapshots/emails.sql", """
                {% snapshot email_history %}
                {{ config(unique_key='id', strategy='check', check_cols=['email']) }}
                select id, email, name from {{ source('raw', 'customers') }}
                {% endsnapshot %}

                {% snapshot everything_history %}
                {{ config(unique_key=['id'], strategy='check', check_cols='all') }}
                select id, email, name from {{ source('raw', 'customers') }}
                {% endsnapshot %}
                """);
        insert(1, "a@x.io", "Ann", "2025-01-01 00:00:00");
        insert(2, "b@x.io", "Bob", "2025-01-01 00:00:00");
        insert(3, "c@x.io", "Cid", "2025-01-01 00:00:00");
        snapshot();
        assertThat(history("email_history", "email")).containsExactly("1 a@x.io current", "2 b@x.io current", "3 c@x.io current");

        warehouse.execute("UPDATE customers SET email = 'ann@x.io' WHERE id = 1");
        warehouse.execute("UPDATE customers SET name = 'Bobby' WHERE id = 2");
        warehouse.execute("UPDATE customers SET email = NULL WHERE id = 3");
        warehouse.execute("DELETE FROM customers WHERE id = 2");
        insert(2, "b@x.io", "Bobby", "2025-01-01 00:00:00");
        snapshot();

        // a changed email and an email turned NULL are changes; a changed name is not one of check_cols
        assertThat(history("email_history", "email")).containsExactly("1 a@x.io closed", "1 ann@x.io current",
                "2 b@x.io current", "3 c@x.io closed", "3 null current");
        assertThat(warehouse.queryLong("SELECT count(*) FROM email_history o JOIN email_history n ON o.id = n.id"
                + " AND o.dbt_valid_to = n.dbt_valid_from AND n.dbt_valid_to IS NULL")).contains(2L);
        assertThat(history("everything_history", "name")).containsExactly("1 Ann closed", "1 Ann current", "2 Bob closed",
                "2 Bobby current", "3 Cid closed", "3 Cid current");

        warehouse.execute("DELETE FROM customers WHERE id = 1");
        List<String> ids = scdIds("email_history");
        snapshot();
        // hard_deletes defaults to ignore: the deleted record keeps its current row
        assertThat(scdIds("email_history")).isEqualTo(ids);
        assertThat(history("email_history", "email")).contains("1 ann@x.io current");
    }

    @Test
    void modelsRefASnapshotAndBuildRunsItFirst() throws IOException {
        write("snapshots/customers.sql", """
                {% snapshot customers_snapshot %}
                    {{ config(unique_key='id', strategy='timestamp', updated_at='updated_at', tags=['history']) }}
                    select * from {{ source('raw', 'customers') }}
                {% endsnapshot %}
                """);
        write("models/current_customers.sql", "select id, name from {{ ref('customers_snapshot') }} where dbt_valid_to is null");
        insert(1, "a@x.io", "Ann", "2025-01-01 00:00:00");

        ModelProject project = runner.load(Map.of());
        assertThat(project.graph().upstream("current_customers")).containsExactly("customers_snapshot");
        assertThat(Selection.of("resource_type:snapshot").select(project, null).models()).containsExactly("customers_snapshot");
        assertThat(Selection.of("tag:history").select(project, null).models()).containsExactly("customers_snapshot");
        assertThat(Selection.of("resource_type:model").select(project, null).models()).containsExactly("current_customers");

        // as in dbt, run builds models and not snapshots
        assertThat(runner.run(Selection.ALL).results()).extracting(ModelResult::name).containsExactly("current_customers");

        RunSummary build = runner.build(RunOptions.of(Selection.ALL));
        assertThat(build.status()).isEqualTo("success");
        assertThat(build.results()).extracting(ModelResult::name).containsExactly("customers_snapshot", "current_customers");
        assertThat(warehouse.queryLong("SELECT count(*) FROM current_customers")).contains(1L);
        assertThat(dir.resolve(".weft/compiled").resolve(warehouse.dialect().name()).resolve("snapshots/customers_snapshot.sql"))
                .content().contains("customers");
    }
}
