package dev.weft.models;

import dev.weft.Workspace;
import dev.weft.audit.AuditLog;
import dev.weft.store.Store;
import dev.weft.store.StoreConfig;
import dev.weft.testing.TestDuckDb;
import dev.weft.warehouse.BulkWriter;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.RowHandler;
import dev.weft.warehouse.TableInfo;
import dev.weft.warehouse.Warehouse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Independent models build at the same time, never more at once than the pool allows. */
class ModelConcurrencyTest {

    @TempDir
    Path dir;

    @Test
    void independentModelsRunConcurrentlyWithinTheBound() throws Exception {
        for (int i = 1; i <= 6; i++) {
            write("models/part_" + i + ".sql", "{{ config(materialized='table') }}\nselect " + i + " as n");
        }
        StringBuilder union = new StringBuilder("{{ config(materialized='table') }}\n");
        for (int i = 1; i <= 6; i++) {
            union.append(i > 1 ? " union all " : "").append("select n from {{ ref('part_").append(i).append("') }}");
        }
        write("models/all_parts.sql", union.toString());

        try (InFlightWarehouse warehouse = new InFlightWarehouse(TestDuckDb.open(dir));
             Store store = new Store(new StoreConfig(null, null, null, null), new Workspace(dir.toString()));
             ModelRunner runner = new ModelRunner(warehouse, dir, dir.resolve(".weft"), new ModelRunStore(store), 3,
                     new ModelMetrics(new SimpleMeterRegistry()), new AuditLog(store))) {
            RunSummary run = runner.run(Selection.ALL);

            assertThat(run.status()).isEqualTo("success");
            assertThat(warehouse.maxInFlight.get()).isEqualTo(3);
            ModelResult last = run.results().get(run.results().size() - 1);
            assertThat(last.name()).isEqualTo("all_parts");
            Instant partsDone = run.results().stream().filter(r -> r.name().startsWith("part_"))
                    .map(r -> r.startedAt().plusMillis(r.durationMs())).max(Instant::compareTo).orElseThrow();
            assertThat(last.startedAt()).isAfterOrEqualTo(partsDone.minusMillis(1));
            assertThat(warehouse.queryLong("SELECT sum(n) FROM all_parts")).contains(21L);
        }
    }

    private void write(String file, String text) throws Exception {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    /** The real DuckDB warehouse, counting statements in flight; each is held a little so overlaps show. */
    private static final class InFlightWarehouse implements Warehouse {
        final Warehouse real;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();

        InFlightWarehouse(Warehouse real) {
            this.real = real;
        }

        @Override
        public void executeAll(List<String> statements) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(150);
                real.executeAll(statements);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public String name() {
            return real.name();
        }

        @Override
        public Dialect dialect() {
            return real.dialect();
        }

        @Override
        public long execute(String sql, Object... binds) {
            return real.execute(sql, binds);
        }

        @Override
        public void query(String sql, List<?> binds, RowHandler handler) {
            real.query(sql, binds, handler);
        }

        @Override
        public BulkWriter bulkWriter(String table, List<String> columns) {
            return real.bulkWriter(table, columns);
        }

        @Override
        public Warehouse withQueryTimeout(java.time.Duration limit) {
            return real.withQueryTimeout(limit);
        }

        @Override
        public List<String> listTables() {
            return real.listTables();
        }

        @Override
        public Optional<TableInfo> describeTable(String table) {
            return real.describeTable(table);
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
