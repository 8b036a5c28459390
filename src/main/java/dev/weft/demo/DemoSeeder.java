package dev.weft.demo;

import dev.weft.progress.Progress;
import dev.weft.warehouse.Warehouse;

import java.time.Duration;

/** Loads synthetic customers into a warehouse's raw tables, replacing what an earlier seed left there. */
public final class DemoSeeder {

    private DemoSeeder() {
    }

    /**
     * Seeds {@code profiles} people of {@code seed} into {@code warehouse}; with {@code truth} also
     * {@code raw_identity_truth}. People are made and written one at a time, so memory does not grow with
     * {@code profiles}.
     */
    public static SeedReport seed(Warehouse warehouse, long profiles, long seed, boolean truth, Progress progress) {
        SyntheticCustomers.checkProfiles(profiles);
        SyntheticCustomers customers = new SyntheticCustomers(seed);
        long start = System.nanoTime();
        RawTables.create(warehouse, truth);
        SyntheticCustomers.RowCounts counts;
        try (ThreadedRowSink sink = new ThreadedRowSink(warehouse, truth)) {
            counts = customers.generate(profiles, truth, sink, progress::stepBy);
        }
        return SeedReport.of(customers, counts, truth, Duration.ofNanos(System.nanoTime() - start));
    }
}
