package dev.weft.demo;

import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.Warehouses;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** {@code weft demo}: the whole product on a small synthetic customer base in the primary (embedded) warehouse. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run the demo on the embedded warehouse: seed synthetic customers, then"
        + " every step the features add (replaces earlier demo data).",
        subcommands = {DemoSeedCommand.class})
public class DemoCommand implements Runnable {

    @Inject
    Warehouses warehouses;

    @Inject
    DemoPipeline pipeline;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        // The one command besides 'weft warehouse init' that makes a missing embedded warehouse.
        Warehouse warehouse = warehouses.create(warehouses.primaryName());
        PrintWriter out = spec.commandLine().getOut();
        out.println("weft demo on warehouse '" + warehouse.name() + "' (" + warehouse.dialect().name() + ")");
        pipeline.run(new DemoRun(warehouse, out));
        out.flush();
    }
}
