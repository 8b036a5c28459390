package dev.weft.demo;

import dev.weft.StateFiles;
import dev.weft.Workspace;
import dev.weft.store.CredentialVault;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.Warehouses;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code weft demo}: the whole product on a small synthetic customer base in the primary (embedded) warehouse. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run the demo on the embedded warehouse: seed synthetic customers, then"
        + " every step the features add (replaces earlier demo data).",
        subcommands = {DemoSeedCommand.class})
public class DemoCommand implements Runnable {

    @Inject
    Warehouses warehouses;

    @Inject
    DemoPipeline pipeline;

    @Inject
    Workspace workspace;

    @Property(name = "weft.master-key")
    @Nullable
    String configuredKey;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        // The one command besides 'weft warehouse init' that makes a missing embedded warehouse.
        Warehouse warehouse = warehouses.create(warehouses.primaryName());
        PrintWriter out = spec.commandLine().getOut();
        out.println("weft demo on warehouse '" + warehouse.name() + "' (" + warehouse.dialect().name() + ")");
        ensureWorkspaceKey(out);
        pipeline.run(new DemoRun(warehouse, out));
        out.flush();
    }

    /**
     * Without a master key the demo makes one for its own workspace, owner-only, so that 'weft serve' starts
     * there and connection secrets can be sealed; production gives the key in WEFT_MASTER_KEY instead.
     */
    private void ensureWorkspaceKey(PrintWriter out) {
        Path file = CredentialVault.workspaceKeyFile(workspace);
        if (configuredKey != null || System.getenv(CredentialVault.KEY_VARIABLE) != null || Files.exists(file)) {
            return;
        }
        StateFiles.readOrCreatePrivate(file, CredentialVault.newKey());
        out.println("made a master key for this workspace's credentials in " + workspace.root().relativize(file)
                + " (readable by you only); in production, give weft its key in " + CredentialVault.KEY_VARIABLE);
    }
}
