package dev.weft.demo;

import dev.weft.progress.Progress;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;

/** The demo's first step: a small synthetic customer base (with its ground truth) in the raw tables. */
@Singleton
@Order(100)
public class SeedStep implements DemoStep {

    static final long PROFILES = 10_000;
    static final long SEED = 42;

    @Override
    public String title() {
        return "seed raw data: " + String.format(java.util.Locale.ROOT, "%,d", PROFILES) + " synthetic customers";
    }

    @Override
    public void run(DemoRun run) {
        SeedReport report;
        try (Progress progress = Progress.start("seed", PROFILES, "profiles")) {
            report = DemoSeeder.seed(run.warehouse(), PROFILES, SEED, true, progress);
        }
        report.print(run.out());
    }
}
