package dev.weft.demo;

import dev.weft.WeftException;
import dev.weft.audiences.AsOf;
import dev.weft.audiences.AudienceRuns;
import dev.weft.pipeline.Asset;
import dev.weft.pipeline.AssetResult;
import dev.weft.pipeline.Pipeline;
import dev.weft.pipeline.PipelineRun;
import dev.weft.syncs.Connections;
import dev.weft.syncs.SyncDefinitions;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * The demo after seeding: {@code weft pipeline run} over the workspace (models, identity, models over
 * identity, audiences, syncs to the {@code demo_files} connection, a {@code file} destination under
 * {@code demo-output/}), each asset printed as it ends. Run the demo twice: the raw data is replaced by the
 * same rows, so nothing is stale and nothing is sent.
 */
@Singleton
@Order(200)
public class PipelineDemoStep implements DemoStep {

    static final String CONNECTION = "demo_files";

    private final Pipeline pipeline;
    private final Connections connections;
    private final SyncDefinitions syncs;
    private final AudienceRuns audiences;

    public PipelineDemoStep(Pipeline pipeline, Connections connections, SyncDefinitions syncs, AudienceRuns audiences) {
        this.pipeline = pipeline;
        this.connections = connections;
        this.syncs = syncs;
        this.audiences = audiences;
    }

    @Override
    public String title() {
        return "pipeline: build what is stale, from raw tables to destinations (weft pipeline run)";
    }

    @Override
    public void run(DemoRun run) {
        PrintWriter out = run.out();
        boolean demoSyncs = syncs.list().stream().anyMatch(s -> s.destination().connection().equals(CONNECTION));
        if (demoSyncs && connections.find(CONNECTION).isEmpty()) {
            connections.create(CONNECTION, "file", Map.of("path", "demo-output", "format", "jsonl"), Map.of());
        }
        // The demo's data ends at a fixed date: "the last 7 days" means the 7 days before its latest event, as the
        // weft.yml the demo writes (weft.audiences.as-of: latest-event) makes the API and the CLI measure too.
        PipelineRun result = pipeline.run("demo", AsOf.LATEST_EVENT, r -> {
            out.println(line(r));
            out.flush();
        });
        if (result.assets().stream().anyMatch(r -> r.kind() == Asset.Kind.AUDIENCE)) {
            out.println("  relative windows measured back from " + audiences.referenceTime(AsOf.LATEST_EVENT) + " (the latest event)");
        }
        out.printf(Locale.ROOT, "  pipeline run %s: %d built, %d changed, %d skipped, %d failed (weft pipeline runs --id %s)%n",
                result.id(), result.count(AssetResult.Outcome.BUILT), result.count(AssetResult.Outcome.CHANGED),
                result.count(AssetResult.Outcome.SKIPPED), result.count(AssetResult.Outcome.FAILED), result.id());
        out.flush();
        // An audience that fails is shown with why and the demo goes on with the others, as a sync's failure does not
        // stop the others; anything else failing (models, identity) leaves nothing worth showing, so the demo stops.
        boolean stops = result.error() != null || result.assets().stream()
                .anyMatch(r -> r.outcome() == AssetResult.Outcome.FAILED && r.kind() != Asset.Kind.AUDIENCE);
        if (stops) {
            throw new WeftException("demo pipeline run " + result.id() + " failed"
                    + (result.error() == null ? "; see the assets above" : ": " + result.error()));
        }
    }

    /** An asset's outcome; a materialized audience as its size (or why it failed), as {@code weft audiences run} prints it. */
    private static String line(AssetResult r) {
        if (r.kind() == Asset.Kind.AUDIENCE && r.outcome() == AssetResult.Outcome.BUILT && r.rows() != null) {
            return String.format(Locale.ROOT, "  %-28s %,9d profiles", r.asset().substring("audience:".length()), r.rows());
        }
        if (r.kind() == Asset.Kind.AUDIENCE && r.outcome() == AssetResult.Outcome.FAILED) {
            return String.format(Locale.ROOT, "  %-28s FAILED: %s", r.asset().substring("audience:".length()), r.reason());
        }
        return String.format(Locale.ROOT, "  %-8s %-36s %6.2f s %14s  %s", r.outcome().label(), r.asset(), r.seconds(),
                r.rows() == null ? "" : String.format(Locale.ROOT, "%,d rows", r.rows()), r.reason());
    }
}
