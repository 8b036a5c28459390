package dev.weft.warehouse;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code weft warehouse init}: makes the empty embedded database a fresh workspace needs (other commands never do). */
@Command(name = "warehouse", mixinStandardHelpOptions = true, description = "Manage the warehouses under weft.warehouses.",
        subcommands = {WarehouseCommand.Init.class})
public class WarehouseCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Create the DuckDB database file of a warehouse (and its folder) if it does not exist.")
    public static class Init implements Runnable {

        @Option(names = "--warehouse", paramLabel = "NAME", description = "A warehouse under weft.warehouses (default: weft.warehouse).")
        String name;

        @Inject
        Provider<Warehouses> warehouses;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            Warehouses all = warehouses.get();
            Warehouse warehouse = all.create(name == null ? all.primaryName() : name);
            spec.commandLine().getOut().println("warehouse '" + warehouse.name() + "' (" + warehouse.dialect().name() + ") is ready"
                    + warehouse.file().map(file -> ": " + file).orElse(""));
            spec.commandLine().getOut().flush();
        }
    }
}
