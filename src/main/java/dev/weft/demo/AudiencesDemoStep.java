package dev.weft.demo;

import dev.weft.audiences.AsOf;
import dev.weft.audiences.AudienceQueries;
import dev.weft.audiences.AudienceRuns;
import dev.weft.audiences.AudienceSchemaCache;
import dev.weft.audiences.AudiencesConfig;
import dev.weft.warehouse.Warehouse;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;

/**
 * The demo's audiences step, after models and identity: materializes every audience in
 * {@code audiences/} and prints its size. Without the traits and events models (their steps not run)
 * it says so and leaves the demo going.
 */
@Singleton
@Order(500)
public class AudiencesDemoStep implements DemoStep {

    private final AudienceSchemaCache schemas;
    private final AudienceRuns audiences;
    private final AudiencesConfig config;

    public AudiencesDemoStep(AudienceSchemaCache schemas, AudienceRuns audiences, AudiencesConfig config) {
        this.schemas = schemas;
        this.audiences = audiences;
        this.config = config;
    }

    @Override
    public String title() {
        return "audiences: materialize audiences/*.json";
    }

    @Override
    public void run(DemoRun run) {
        Warehouse w = run.warehouse();
        List<String> missing = List.of(config.traits(), config.events(), AudienceQueries.PROFILES_TABLE).stream()
                .filter(t -> !w.tableExists(t)).toList();
        if (!missing.isEmpty()) {
            run.out().println("  skipped: " + String.join(", ", missing) + " not in the warehouse (the models and identity steps make them)");
            return;
        }
        schemas.refresh();
        // The demo's data ends at a fixed date: "the last 7 days" means the 7 days before its latest event, as the
        // weft.yml the demo writes (weft.audiences.as-of: latest-event) makes the API and the CLI measure too.
        Instant asOf = audiences.referenceTime(AsOf.LATEST_EVENT);
        run.out().println("  relative windows measured back from " + asOf + " (the latest event)");
        // Each audience on its own: one that fails is shown with why, and the demo goes on with the others.
        for (AudienceRuns.Outcome o : audiences.run(List.of(), AsOf.at(asOf))) {
            if (o.failed()) {
                run.out().printf("  %-28s FAILED: %s%n", o.audienceId(), o.error());
            } else {
                run.out().printf("  %-28s %,9d profiles%n", o.audienceId(), o.run().size());
            }
        }
    }
}
