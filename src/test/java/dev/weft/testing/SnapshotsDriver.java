package dev.weft.testing;

import dev.weft.Workspace;
import dev.weft.audit.AuditLog;
import dev.weft.models.ModelMetrics;
import dev.weft.models.ModelResult;
import dev.weft.models.ModelRunStore;
import dev.weft.models.ModelRunner;
import dev.weft.models.RunOptions;
import dev.weft.models.Selection;
import dev.weft.store.Store;
import dev.weft.store.StoreConfig;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs three snapshots, one per strategy with hard deletes invalidated and one in YAML with deletions kept as rows
 * ({@code new_record}), twice through an {@link OfflineWarehouse}: the first run creates their tables, the second takes
 * the path that closes changed rows and inserts new ones (the check strategy's query having gained a column, which is
 * added to its table), so every statement a snapshot sends is checked for that engine (Snowflake, BigQuery).
 */
public final class SnapshotsDriver {

    private SnapshotsDriver() {
    }

    public static void run(OfflineWarehouse warehouse, Path dir) throws IOException {
        write(dir, "models/sources.yml", "sources:\n  - name: crm\n    tables:\n      - name: customers\n");
        write(dir, "snapshots/customers.sql", """
                {% snapshot customers_by_time %}
                {{ config(unique_key='id', strategy='timestamp', updated_at='updated_at', hard_deletes='invalidate') }}
                select * from {{ source('crm', 'customers') }}
                {% endsnapshot %}
                {% snapshot customers_by_check %}
                {{ config(unique_key=['id', 'email'], strategy='check', check_cols='all', invalidate_hard_deletes=True) }}
                select id, email from {{ source('crm', 'customers') }}
                {% endsnapshot %}
                """);
        write(dir, "snapshots/deletions.yml", """
                snapshots:
                  - name: customers_deletions
                    relation: source('crm', 'customers')
                    config: {unique_key: id, strategy: timestamp, updated_at: updated_at, hard_deletes: new_record}
                """);
        warehouse.createTable("customers", List.of(Column.of("id", ColumnType.BIGINT), Column.of("email", ColumnType.VARCHAR),
                Column.of("plan", ColumnType.VARCHAR), Column.of("updated_at", ColumnType.TIMESTAMP)), false);
        try (Store store = new Store(new StoreConfig(null, null, null, null), new Workspace(dir.resolve("state").toString()));
             ModelRunner runner = new ModelRunner(warehouse, dir, dir.resolve(".weft"), new ModelRunStore(store), 1,
                     new ModelMetrics(new SimpleMeterRegistry()), new AuditLog(store))) {
            for (int run = 1; run <= 2; run++) {
                assertThat(runner.snapshot(RunOptions.of(Selection.ALL)).results()).hasSize(3).allSatisfy(r ->
                        assertThat(r.status()).as(r.name() + ": " + r.error()).isEqualTo(ModelResult.Status.SUCCESS));
                Files.writeString(dir.resolve("snapshots/customers.sql"), Files.readString(dir.resolve("snapshots/customers.sql"))
                        .replace("select id, email from", "select id, email, plan from"));
            }
        }
        assertThat(warehouse.sent()).extracting(s -> s.sql().strip().split("\\s+")[0]).contains("UPDATE", "INSERT");
        assertThat(warehouse.sent()).anyMatch(s -> s.sql().contains("'True'"));
    }

    private static void write(Path dir, String file, String text) throws IOException {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
