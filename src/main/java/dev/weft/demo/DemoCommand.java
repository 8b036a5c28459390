package dev.weft.demo;

import dev.weft.warehouse.Warehouses;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;

/** {@code weft demo}: the whole product on a small synthetic customer base in the primary (embedded) warehouse. */
@Command(name = "demo", description = "Run the demo on the embedded warehouse: seed synthetic customers, then"
        + " every step the features add (replaces earlier demo data).",
        subcommands = {DemoSeedCommand.class})
public class DemoCommand implements Runnable {

    @Inject
    Warehouses warehouses;

    @Inject
    DemoPipeline pipeline;

    @Override
    public void run() {
        var warehouse = warehouses.primary();
        System.out.println("weft demo on warehouse '" + warehouse.name() + "' (" + warehouse.dialect().name() + ")");
        pipeline.run(new DemoRun(warehouse, System.out));
    }
}
