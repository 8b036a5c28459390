package dev.weft.cli;

import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.Warehouses;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code weft warehouse}: {@code init} makes the empty embedded database a fresh workspace needs (other commands never
 * do); {@code check} runs {@link WarehouseCheck} against a configured warehouse. It lives with the command line rather
 * than in {@code warehouse} because the check drives every feature.
 */
@Command(name = "warehouse", mixinStandardHelpOptions = true, description = "Manage the warehouses under weft.warehouses.",
        subcommands = {WarehouseCommand.Init.class, WarehouseCommand.Check.class})
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

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Run a short smoke suite against a warehouse, inside a scratch schema it creates and always drops:"
                    + " one statement of each family Weft runs there, a tiny identity run and a sync plan.",
                    "Prints one line per check with its seconds; exits 1 when any check fails."})
    public static class Check implements Callable<Integer> {

        @Option(names = "--warehouse", paramLabel = "NAME", description = "A warehouse under weft.warehouses (default: weft.warehouse).")
        String name;

        @Inject
        Provider<Warehouses> warehouses;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Warehouses all = warehouses.get();
            String warehouse = name == null ? all.primaryName() : name;
            PrintWriter out = spec.commandLine().getOut();
            out.println("weft warehouse check on warehouse '" + warehouse + "'");
            WarehouseCheck.Report report = new WarehouseCheck(all).run(warehouse, result -> {
                out.println(line(result));
                out.flush();
            });
            out.println(report.summary());
            out.flush();
            return report.failed() == 0 ? 0 : 1;
        }

        static String line(WarehouseCheck.Result r) {
            return String.format(Locale.ROOT, "%-7s %-37s %6.2fs  %s", r.status().label(), r.name(), r.seconds(), r.detail()).stripTrailing();
        }
    }
}
