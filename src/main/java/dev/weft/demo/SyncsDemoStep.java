package dev.weft.demo;

import dev.weft.syncs.Connections;
import dev.weft.syncs.SyncDefinition;
import dev.weft.syncs.SyncDefinitions;
import dev.weft.syncs.SyncExecutor;
import dev.weft.syncs.SyncRuns;
import dev.weft.syncs.SyncScheduler;
import dev.weft.syncs.SyncsCommand;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * The demo's last step: runs every sync in {@code syncs/} that writes to the {@code demo_files}
 * connection (a {@code file} destination under {@code demo-output/}), printing what each sent. Run
 * the demo twice: the second run sends only what changed.
 */
@Singleton
@Order(600)
public class SyncsDemoStep implements DemoStep {

    static final String CONNECTION = "demo_files";

    private final SyncDefinitions definitions;
    private final Connections connections;
    private final SyncScheduler scheduler;

    public SyncsDemoStep(SyncDefinitions definitions, Connections connections, SyncScheduler scheduler) {
        this.definitions = definitions;
        this.connections = connections;
        this.scheduler = scheduler;
    }

    @Override
    public String title() {
        return "syncs: send what changed to the file destination (demo-output/)";
    }

    @Override
    public void run(DemoRun run) {
        if (connections.find(CONNECTION).isEmpty()) {
            connections.create(CONNECTION, "file", Map.of("path", "demo-output", "format", "jsonl"), Map.of());
        }
        for (SyncDefinition sync : definitions.list()) {
            if (!sync.destination().connection().equals(CONNECTION)) {
                continue;
            }
            SyncExecutor.RunResult r = scheduler.runNow(sync.id(), "demo", p -> { }).orElse(null);
            if (r == null) {
                run.out().printf("  sync %s: skipped, a run of it is in progress elsewhere%n", sync.id());
            } else if (r.status() == SyncRuns.Status.FAILED) {
                run.out().printf("  sync %s: not run: %s%n", sync.id(), r.error());
            } else {
                run.out().println("  " + SyncsCommand.summary(sync.id(), r) + " -> demo-output/" + sync.id() + "/");
            }
        }
        run.out().flush();
    }
}
