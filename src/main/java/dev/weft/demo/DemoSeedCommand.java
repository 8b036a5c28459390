package dev.weft.demo;

import dev.weft.WeftException;
import dev.weft.progress.Progress;
import dev.weft.progress.ResourceUsage;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.Warehouses;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;

/** {@code weft demo seed}: loads synthetic raw tables of any size, and reports what it cost. */
@Command(name = "seed", mixinStandardHelpOptions = true, description = "Load synthetic customers into raw_events, raw_orders and raw_contacts"
        + " (replacing them); deterministic for a seed.")
public class DemoSeedCommand implements Runnable {

    @Option(names = "--profiles", required = true, paramLabel = "N", description = "How many people to make (1 to 100,000,000).")
    long profiles;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Same seed, same rows (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--warehouse", paramLabel = "NAME", description = "A warehouse under weft.warehouses (default: weft.warehouse).")
    String warehouseName;

    @Option(names = "--truth", description = "Also write raw_identity_truth(person_id, id_type, id_value).")
    boolean truth;

    @Inject
    Warehouses warehouses;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        if (profiles < 1 || profiles > SyntheticCustomers.MAX_PROFILES) {
            throw new WeftException(String.format(Locale.ROOT, "--profiles must be between 1 and %,d, got %d",
                    SyntheticCustomers.MAX_PROFILES, profiles));
        }
        Warehouse warehouse = warehouses.create(warehouseName == null ? warehouses.primaryName() : warehouseName);
        SeedReport report;
        try (Progress progress = Progress.start("seed", profiles, "profiles")) {
            report = DemoSeeder.seed(warehouse, profiles, seed, truth, progress);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("warehouse '" + warehouse.name() + "' (" + warehouse.dialect().name() + ")");
        report.print(out);
        double seconds = report.elapsed().toNanos() / 1e9;
        out.printf(Locale.ROOT, "%.1f s, %,.0f rows/s, peak heap %s, peak RSS %s%n", seconds,
                report.totalRows() / seconds, ResourceUsage.mib(ResourceUsage.peakHeapBytes()),
                ResourceUsage.peakRssBytes().stream().mapToObj(ResourceUsage::mib).findFirst().orElse("n/a"));
        out.flush();
    }
}
