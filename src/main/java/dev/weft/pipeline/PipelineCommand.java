package dev.weft.pipeline;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code weft pipeline graph|run|runs}: the whole pipeline, from raw tables to destinations. */
@Command(name = "pipeline", description = "Show the pipeline's DAG, build what is stale, list past runs.",
        subcommands = {PipelineCommand.Graph.class, PipelineCommand.Run.class, PipelineCommand.Runs.class})
public class PipelineCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "graph", description = "Print every asset (sources, models, identity, audiences, syncs) in run order with what it reads.")
    static class Graph implements Runnable {
        @Inject
        Provider<Pipeline> pipeline;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            for (Asset a : pipeline.get().graph().assets()) {
                String reads = a.upstream().isEmpty() ? "" : "  <- " + String.join(", ", a.upstream());
                String watched = a.kind() == Asset.Kind.SOURCE
                        ? "  (table " + a.table() + (a.loadedAtField() == null ? ", row count" : ", " + a.loadedAtField()) + ")" : "";
                out.printf("%-9s %s%s%s%n", a.kind().label(), a.id(), watched, reads);
            }
            out.flush();
        }
    }

    @Command(name = "run", description = "Build the stale assets in DAG order and skip the others, saying why; exit 1 when one failed.")
    static class Run implements Callable<Integer> {
        @Inject
        Provider<Pipeline> pipeline;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PipelineRun run = pipeline.get().run("cli", null, r -> {
                out.println(line(r));
                out.flush();
            });
            return report(out, run);
        }
    }

    @Command(name = "runs", description = "List recent pipeline runs, newest first, or one run's assets (--id).")
    static class Runs implements Callable<Integer> {
        @Inject
        Provider<Pipeline> pipeline;
        @Spec
        CommandSpec spec;

        @Option(names = "--limit", description = "How many runs to list (default: ${DEFAULT-VALUE}).", defaultValue = "20")
        int limit;

        @Option(names = "--id", description = "Show this run's assets: what was built, skipped (and why) or failed.")
        String id;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (id != null) {
                PipelineRun run = pipeline.get().runs().find(id).orElse(null);
                if (run == null) {
                    spec.commandLine().getErr().println("no pipeline run " + id + " (weft pipeline runs lists them)");
                    return 2;
                }
                out.println(summary(run));
                run.assets().forEach(r -> out.println(line(r)));
                out.flush();
                return 0;
            }
            List<PipelineRun> runs = pipeline.get().runs().recent(limit);
            if (runs.isEmpty()) {
                out.println("no pipeline runs yet: weft pipeline run, or weft serve with weft.pipeline.schedule");
            }
            runs.forEach(r -> out.println(summary(r)));
            out.flush();
            return 0;
        }
    }

    /** One asset's outcome: {@code built    model:stg_events   0.42 s   58,104 rows   source:raw.raw_events has new rows}. */
    static String line(AssetResult r) {
        return String.format(Locale.ROOT, "  %-8s %-40s %7.2f s %12s  %s", r.outcome().label(), r.asset(), r.seconds(),
                r.rows() == null ? "" : String.format(Locale.ROOT, "%,d rows", r.rows()), r.reason());
    }

    static String summary(PipelineRun run) {
        String took = run.finishedAt() == null ? "running"
                : String.format(Locale.ROOT, "%.1f s", java.time.Duration.between(run.startedAt(), run.finishedAt()).toMillis() / 1000.0);
        return String.format(Locale.ROOT, "%s  %-9s %-9s %s  %s: %d built, %d changed, %d skipped, %d failed%s", run.id(), run.trigger(),
                run.status(), run.startedAt(), took, run.count(AssetResult.Outcome.BUILT), run.count(AssetResult.Outcome.CHANGED),
                run.count(AssetResult.Outcome.SKIPPED), run.count(AssetResult.Outcome.FAILED), run.error() == null ? "" : "; " + run.error());
    }

    private static int report(PrintWriter out, PipelineRun run) {
        out.println("pipeline run " + summary(run));
        out.flush();
        return PipelineRun.SUCCEEDED.equals(run.status()) ? 0 : 1;
    }
}
