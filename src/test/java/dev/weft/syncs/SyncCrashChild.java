package dev.weft.syncs;

import dev.weft.testing.TestDuckDb;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs one sync in a child JVM for {@link SyncCrashTest}, printing a line per acknowledged batch so
 * the parent knows when to kill it. Args: workspace folder, sync id.
 */
public final class SyncCrashChild {

    private SyncCrashChild() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        SyncHarness h = new SyncHarness(dir, TestDuckDb.config("local", dir), null);
        // Merge the journal every 25 acknowledgements: at the kill some acks are merged, some only journaled.
        SyncsConfig config = new SyncsConfig(Duration.ofHours(1), 25L, 4, Duration.ofMillis(20), Duration.ofSeconds(2), null, null, 2, null);
        h.executor(config).run(args[1], "manual", p -> {
            System.out.println("ACKED " + p.batches() + " " + p.succeeded());
            System.out.flush();
        });
        System.out.println("FINISHED");
        System.out.flush();
    }
}
