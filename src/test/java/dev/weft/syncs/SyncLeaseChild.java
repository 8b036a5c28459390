package dev.weft.syncs;

import dev.weft.testing.TestDuckDb;
import dev.weft.testing.TestPostgres;
import dev.weft.warehouse.WarehouseConfig;

import java.nio.file.Path;

/**
 * Runs one sync through {@link SyncScheduler#runNow} (the CLI's path: it takes the sync's lease) in a
 * child JVM for {@link SyncSchedulerContract}, printing a line per acknowledged batch, so
 * the parent knows when to kill it. Args: workspace folder, sync id, store URL or "-" (embedded H2),
 * Postgres schema of the warehouse or "-" (DuckDB in the workspace).
 */
public final class SyncLeaseChild {

    private SyncLeaseChild() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        String storeUrl = args[2].equals("-") ? null : args[2];
        WarehouseConfig warehouse = args[3].equals("-") ? TestDuckDb.config("local", dir) : TestPostgres.warehouseConfig("local", args[3]);
        SyncHarness h = new SyncHarness(dir, warehouse, storeUrl);
        SyncScheduler scheduler = new SyncScheduler(h.store, h.definitions, h.executor(), h.runs, SyncsConfig.defaults(), h.metrics, h.audit);
        scheduler.runNow(args[1], "cli", p -> {
            System.out.println("ACKED " + p.batches());
            System.out.flush();
        });
        System.out.println("FINISHED");
        System.out.flush();
    }
}
