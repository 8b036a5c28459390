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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** dbt's source freshness in a real warehouse: the age of each table's newest loaded_at_field value. One subclass per engine. */
abstract class SourceFreshnessContract {

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
        Files.createDirectories(dir.resolve("models"));
        Files.writeString(dir.resolve("models/sources.yml"), """
                sources:
                  - name: crm
                    loaded_at_field: loaded_at
                    freshness:
                      warn_after: {count: 1, period: hour}
                      error_after: {count: 1, period: day}
                    tables:
                      - name: fresh
                      - name: stale
                      - name: ancient
                      - name: empty
                      - name: strict
                        config:
                          freshness:
                            error_after: {count: 10, period: minute}
                      - name: unchecked
                        freshness: null
                """);
        for (String table : List.of("fresh", "stale", "ancient", "empty", "strict", "unchecked")) {
            warehouse.execute("CREATE TABLE " + table + " (id INTEGER, loaded_at TIMESTAMP)");
        }
    }

    @AfterEach
    void close() {
        runner.close();
        warehouse.close();
        store.close();
    }

    /** A row loaded {@code ago} before now, as UTC wall-clock time (Weft's timestamps). */
    private void loaded(String table, Duration ago) {
        LocalDateTime at = LocalDateTime.ofInstant(Instant.now().minus(ago).truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
        warehouse.execute("INSERT INTO " + table + " VALUES (1, CAST(? AS TIMESTAMP))", at.toString().replace('T', ' '));
    }

    @Test
    void eachTableIsPassWarnOrErrorByItsAgeAndTheResultsAreKept() {
        loaded("fresh", Duration.ofMinutes(5));
        loaded("fresh", Duration.ofDays(3));
        loaded("stale", Duration.ofHours(3));
        loaded("ancient", Duration.ofDays(2));
        loaded("strict", Duration.ofMinutes(30));
        loaded("unchecked", Duration.ofDays(400));

        Map<String, FreshnessResult> results = new java.util.TreeMap<>();
        runner.sourceFreshness(RunOptions.of(Selection.ALL)).forEach(r -> results.put(r.source(), r));

        assertThat(results).containsOnlyKeys("crm.fresh", "crm.stale", "crm.ancient", "crm.empty", "crm.strict");
        assertThat(results.get("crm.fresh").status()).isEqualTo(Freshness.Status.PASS);
        assertThat(results.get("crm.fresh").age()).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(7));
        assertThat(results.get("crm.fresh").maxLoadedAt()).isCloseTo(Instant.now().minus(Duration.ofMinutes(5)), within(Duration.ofMinutes(2)));
        assertThat(results.get("crm.stale").status()).isEqualTo(Freshness.Status.WARN);
        assertThat(results.get("crm.ancient").status()).isEqualTo(Freshness.Status.ERROR);
        assertThat(results.get("crm.empty").status()).isEqualTo(Freshness.Status.ERROR);
        assertThat(results.get("crm.empty").error()).isEqualTo("no rows with a loaded_at value (0 rows)");
        // the table's freshness replaces its source's: no warn_after, and an error after ten minutes
        assertThat(results.get("crm.strict").warnAfter()).isNull();
        assertThat(results.get("crm.strict").status()).isEqualTo(Freshness.Status.ERROR);

        assertThat(runner.runs().freshness()).isEqualTo(results);

        loaded("ancient", Duration.ofMinutes(1));
        runner.sourceFreshness(RunOptions.of(Selection.of("source:crm.ancient")));
        assertThat(runner.runs().freshness().get("crm.ancient").status()).isEqualTo(Freshness.Status.PASS);
        assertThat(runner.runs().freshness().get("crm.stale").status()).isEqualTo(Freshness.Status.WARN);
    }

    private static org.assertj.core.data.TemporalUnitOffset within(Duration d) {
        return new org.assertj.core.data.TemporalUnitWithinOffset(d.toSeconds(), ChronoUnit.SECONDS);
    }
}
