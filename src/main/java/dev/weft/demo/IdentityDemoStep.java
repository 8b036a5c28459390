package dev.weft.demo;

import dev.weft.Workspace;
import dev.weft.identity.IdentityCommand;
import dev.weft.identity.IdentityConfig;
import dev.weft.identity.IdentityPipeline;
import dev.weft.identity.IdentityService;
import dev.weft.identity.IdentityStatements;
import dev.weft.identity.IdentityTables;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;

import java.nio.file.Files;
import java.util.List;

/** {@code weft demo}: identity resolution after the models, with the workspace's identity-graph/ config. */
@Singleton
@Order(300)
public class IdentityDemoStep implements DemoStep {

    private final IdentityService identity;
    private final Workspace workspace;

    public IdentityDemoStep(IdentityService identity, Workspace workspace) {
        this.identity = identity;
        this.workspace = workspace;
    }

    @Override
    public String title() {
        return "identity resolution: stitch identifiers into profiles";
    }

    @Override
    public void run(DemoRun run) {
        if (!Files.isDirectory(workspace.resolve("identity-graph"))) {
            run.out().println("  skipped: no identity-graph/ folder in the workspace " + workspace.root());
            return;
        }
        IdentityConfig config = identity.config();
        List<String> missing = config.sources().stream().map(IdentityConfig.EdgeSource::table)
                .filter(t -> !run.warehouse().tableExists(t)).toList();
        if (!missing.isEmpty()) {
            run.out().println("  skipped: the models " + missing + " that identity-graph/ reads are not built (the models step runs first)");
            return;
        }
        IdentityPipeline.Result r = new IdentityPipeline(run.warehouse(), config, IdentityTables.LIVE, IdentityService.SEED)
                .run(false, m -> { });
        run.out().println("  " + IdentityCommand.summary(r));
        run.out().println("  profiles: " + IdentityStatements.count(run.warehouse(), IdentityTables.LIVE.profiles())
                + "; try 'weft identity report' and 'weft identity explain email:... anonymous_id:...'");
    }
}
