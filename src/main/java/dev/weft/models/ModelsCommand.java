package dev.weft.models;

import dev.weft.WeftException;
import dev.weft.Workspace;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.WarehouseConfig;
import dev.weft.warehouse.WarehouseEngine;
import dev.weft.warehouse.WarehouseEngines;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code weft models list|ls|compile|run|test|build|seed|snapshot|graph}: the workspace's dbt-style SQL models. */
@Command(name = "models", description = "List, compile, run, test and build the SQL models in models/, load its seeds and run its snapshots.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Ls.class, ModelsCommand.Compile.class, ModelsCommand.Run.class,
                ModelsCommand.Test.class, ModelsCommand.Build.class, ModelsCommand.Seed.class, ModelsCommand.Snapshot.class, ModelsCommand.SourceFreshnessCheck.class,
                ModelsCommand.Graph.class, ModelsCommand.Docs.class})
public class ModelsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every subcommand shares: which models, and values for var(). */
    static class SelectionOptions {
        @Option(names = {"-s", "--select"}, arity = "1..*", paramLabel = "SELECTOR",
                description = "dbt's node selection: name, stg_*, staging.*, path:models/marts, tag:T, source:S+, config.materialized:M, "
                        + "test_type:generic, state:modified, with n+ / +n / @ for ancestors and descendants; "
                        + "commas intersect, spaces and repeats unite. Default: all.")
        List<String> select = new ArrayList<>();

        @Option(names = "--exclude", arity = "1..*", paramLabel = "SELECTOR", description = "Models to leave out (same syntax).")
        List<String> exclude = new ArrayList<>();

        @Option(names = "--state-ref", paramLabel = "REF", description = "Compare state: selectors with the models of this "
                + "git branch, tag or commit of the workspace (default: as the last successful run or build built them).")
        String stateRef;

        @Option(names = "--var", paramLabel = "NAME=VALUE", description = "A value for {{ var('NAME') }}; repeatable.")
        Map<String, String> vars = new LinkedHashMap<>();

        Selection selection() {
            return new Selection(select, exclude, stateRef);
        }
    }

    /** How run, test and build execute: how many at once and whether the first failure stops the rest. */
    static class ExecutionOptions {
        @Option(names = "--threads", paramLabel = "N", description = "Models or tests at once (default: weft.models.threads).")
        Integer threads;

        @Option(names = {"-x", "--fail-fast"}, description = "Stop at the first failure: start nothing more (the rest is skipped).")
        boolean failFast;

        @Option(names = "--failing-rows", paramLabel = "N", defaultValue = "" + RunOptions.FAILING_ROWS_SHOWN,
                description = "Rows of a failing test to show (default: ${DEFAULT-VALUE}).")
        int failingRows;

        /** What a command of {@code spec} runs: {@code selection}'s nodes, its progress told as {@code what}, without git. */
        RunOptions options(SelectionOptions selection, boolean fullRefresh, CommandSpec spec, String what) {
            return new RunOptions(selection.selection(), fullRefresh, selection.vars, null, null,
                    new ProgressLines(spec.commandLine().getOut(), spec.commandLine().getErr(), what), threads, failFast, failingRows);
        }
    }

    /** Loads the workspace's models for the configured warehouse's dialect, without connecting to it. */
    @jakarta.inject.Singleton
    static class OfflineProjects {
        private final Workspace workspace;
        private final List<WarehouseConfig> warehouses;
        private final String warehouseName;

        OfflineProjects(Workspace workspace, List<WarehouseConfig> warehouses, @Value("${weft.warehouse:local}") String warehouseName) {
            this.workspace = workspace;
            this.warehouses = warehouses;
            this.warehouseName = warehouseName;
        }

        ModelProject load(String engine, Map<String, String> vars) {
            Dialect dialect = engine != null ? dialect(engine) : dialect(warehouses.stream()
                    .filter(w -> w.name().equals(warehouseName)).findFirst()
                    .map(WarehouseConfig::type).orElse("duckdb"));
            return ModelProject.load(workspace.root(), dialect, warehouseName, vars);
        }

        /** What {@code options} select in {@code project}, against the last successful run's state; warnings go to {@code err}. */
        Selection.Selected select(ModelProject project, SelectionOptions options, PrintWriter err) {
            Selection.Selected selected = options.selection().select(project, ModelState.load(workspace.stateDir()).orElse(null));
            selected.warnings().forEach(w -> err.println("warning: " + w));
            err.flush();
            return selected;
        }
    }

    static Dialect dialect(String engine) {
        return WarehouseEngines.byType(engine.toLowerCase(Locale.ROOT)).map(WarehouseEngine::dialect).orElseThrow(() ->
                new WeftException("--dialect " + engine + ": one of " + String.join(", ", WarehouseEngines.types())));
    }

    /** The values {@code --dialect} takes, for its help text: every warehouse engine's type. */
    static final class EngineTypes implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return WarehouseEngines.types().iterator();
        }
    }

    @Command(name = "list", description = "List models in run order with their materialization and file.")
    static class ListModels implements Runnable {
        @Inject
        OfflineProjects projects;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        SelectionOptions options;

        @Override
        public void run() {
            ModelProject project = projects.load(null, options.vars);
            for (String name : projects.select(project, options, spec.commandLine().getErr()).models()) {
                Model m = project.model(name);
                spec.commandLine().getOut().printf("%-32s %-12s %s%n", name, m.config().materialized().label(), m.file());
            }
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "compile", description = "Compile models to SQL under .weft/compiled/<dialect>/ (nothing runs).")
    static class Compile implements Runnable {
        @Inject
        OfflineProjects projects;

        @Inject
        Workspace workspace;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        SelectionOptions options;

        @Option(names = "--dialect", completionCandidates = EngineTypes.class,
                description = "Compile for this engine instead of the configured warehouse's: ${COMPLETION-CANDIDATES}.")
        String engine;

        @Override
        public void run() {
            long t0 = System.nanoTime();
            ModelProject project = projects.load(engine, options.vars);
            Path dir = workspace.stateDir().resolve("compiled").resolve(project.dialect().name());
            List<String> names = projects.select(project, options, spec.commandLine().getErr()).models();
            project.writeCompiled(names, dir);
            spec.commandLine().getOut().printf("compiled %d models for %s in %d ms into %s%n", names.size(), project.dialect().name(),
                    Duration.ofNanos(System.nanoTime() - t0).toMillis(), workspace.root().relativize(dir));
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "docs", description = "Write the models' documentation site (descriptions, columns, tests, compiled SQL, lineage "
            + "down to identity, audiences and syncs) under .weft/docs/; weft serve serves it at /app/models/docs.")
    static class Docs implements Runnable {
        @Inject
        OfflineProjects projects;

        @Inject
        Workspace workspace;

        @Inject
        jakarta.inject.Provider<Lineage> lineage;

        @Spec
        CommandSpec spec;

        @Option(names = "--output", paramLabel = "DIR", description = "Where to write the site (default: .weft/docs).")
        Path output;

        @Option(names = "--var", paramLabel = "NAME=VALUE", description = "A value for {{ var('NAME') }}; repeatable.")
        Map<String, String> vars = new LinkedHashMap<>();

        @Override
        public void run() {
            Path dir = output != null ? output : workspace.stateDir().resolve("docs");
            int pages = new DocsSite(projects.load(null, vars), lineage.get().nodes()).write(dir);
            spec.commandLine().getOut().printf("wrote %d pages to %s; open %s%n", pages, dir, dir.resolve("index.html"));
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "graph", description = "Show the DAG: each model with the models it refs (or Graphviz DOT with --dot).")
    static class Graph implements Runnable {
        @Inject
        OfflineProjects projects;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        SelectionOptions options;

        @Option(names = "--dot", description = "Print Graphviz DOT (pipe to `dot -Tsvg`).")
        boolean dot;

        @Override
        public void run() {
            ModelProject project = projects.load(null, options.vars);
            List<String> names = projects.select(project, options, spec.commandLine().getErr()).models();
            if (dot) {
                spec.commandLine().getOut().println("digraph models {");
                spec.commandLine().getOut().println("  rankdir=LR;");
                for (String name : names) {
                    spec.commandLine().getOut().printf("  \"%s\";%n", name);
                    for (String up : project.graph().upstream(name)) {
                        spec.commandLine().getOut().printf("  \"%s\" -> \"%s\";%n", up, name);
                    }
                    for (String source : project.model(name).sources()) {
                        spec.commandLine().getOut().printf("  \"source:%s\" [shape=box]; \"source:%s\" -> \"%s\";%n", source, source, name);
                    }
                }
                spec.commandLine().getOut().println("}");
            } else {
                for (String name : names) {
                    List<String> inputs = new ArrayList<>(project.graph().upstream(name));
                    project.model(name).sources().forEach(s -> inputs.add("source:" + s));
                    spec.commandLine().getOut().printf("%-32s <- %s%n", name, inputs.isEmpty() ? "(nothing)" : String.join(", ", inputs));
                }
            }
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "run", description = "Build the selected models in the warehouse, in DAG order, several at once.")
    static class Run implements Callable<Integer> {
        // A Provider: picocli builds every command at start-up, and the runner opens the warehouse.
        @Inject
        jakarta.inject.Provider<ModelRunner> runner;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        SelectionOptions options;

        @picocli.CommandLine.Mixin
        ExecutionOptions execution;

        @Option(names = "--full-refresh", description = "Rebuild incremental models from scratch.")
        boolean fullRefresh;

        @Option(names = "--git", paramLabel = "URL", description = "Run the models of this git repository (fetched into .weft/git/) instead of the workspace's.")
        String gitUrl;

        @Option(names = "--ref", defaultValue = "main", description = "Branch, tag or commit of --git (default: ${DEFAULT-VALUE}).")
        String gitRef;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            RunSummary run = runner.get().run(new RunOptions(options.selection(), fullRefresh, options.vars,
                    gitUrl, gitUrl == null ? null : gitRef, new ProgressLines(out, spec.commandLine().getErr(), "models"),
                    execution.threads, execution.failFast, execution.failingRows));
            return report(out, run, "models");
        }
    }

    @Command(name = "test", description = "Run the schema tests (models/*.yml) of the selected models.")
    static class Test implements Callable<Integer> {
        // A Provider: picocli builds every command at start-up, and the runner opens the warehouse.
        @Inject
        jakarta.inject.Provider<ModelRunner> runner;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        SelectionOptions options;

        @picocli.CommandLine.Mixin
        ExecutionOptions execution;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            RunSummary run = runner.get().test(execution.options(options, false, spec, "tests"));
            return report(out, run, "tests");
        }
    }

    @Command(name = "build", description = "Build the selected models and run their tests in DAG order; "
            + "a failing test skips the descendants of its model.")
    static class Build implements Callable<Integer> {
        // A Provider: picocli builds every command at start-up, and the runner opens the warehouse.
        @Inject
        jakarta.inject.Provider<ModelRunner> runner;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        SelectionOptions options;

        @picocli.CommandLine.Mixin
        ExecutionOptions execution;

        @Option(names = "--full-refresh", description = "Rebuild incremental models from scratch.")
        boolean fullRefresh;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            RunSummary run = runner.get().build(execution.options(options, fullRefresh, spec, "models and tests"));
            return report(out, run, "build");
        }
    }

    @Command(name = "seed", description = "Load the selected seeds (CSV files under models/seeds/) as tables, replacing them.")
    static class Seed implements Callable<Integer> {
        // A Provider: picocli builds every command at start-up, and the runner opens the warehouse.
        @Inject
        jakarta.inject.Provider<ModelRunner> runner;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        SelectionOptions options;

        @picocli.CommandLine.Mixin
        ExecutionOptions execution;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            RunSummary run = runner.get().seed(execution.options(options, false, spec, "seeds"));
            return report(out, run, "seed");
        }
    }

    @Command(name = "snapshot", description = "Run the selected snapshots (snapshots/*.sql): add the history rows of what changed since the last run.")
    static class Snapshot implements Callable<Integer> {
        // A Provider: picocli builds every command at start-up, and the runner opens the warehouse.
        @Inject
        jakarta.inject.Provider<ModelRunner> runner;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        SelectionOptions options;

        @picocli.CommandLine.Mixin
        ExecutionOptions execution;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            RunSummary run = runner.get().snapshot(execution.options(options, false, spec, "snapshots"));
            return report(out, run, "snapshot");
        }
    }

    @Command(name = "source-freshness", description = "Check how old each source table's newest loaded_at_field value is "
            + "against its freshness (dbt's source freshness); exit code 1 when one is past error_after.")
    static class SourceFreshnessCheck implements Callable<Integer> {
        // A Provider: picocli builds every command at start-up, and the runner opens the warehouse.
        @Inject
        jakarta.inject.Provider<ModelRunner> runner;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        SelectionOptions options;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<FreshnessResult> results = runner.get().sourceFreshness(new RunOptions(options.selection(), false, options.vars,
                    null, null, new ProgressLines(out, spec.commandLine().getErr(), "sources"), null, false, 0));
            if (results.isEmpty()) {
                out.println("no selected source table declares freshness (warn_after / error_after in models/*.yml)");
            }
            for (FreshnessResult r : results) {
                out.printf("%-5s  %-40s %-25s %-12s %s%n", r.status().label().toUpperCase(Locale.ROOT), r.source(),
                        r.maxLoadedAt() == null ? "-" : "max " + r.maxLoadedAt(), r.age() == null ? "" : "age " + age(r.age()),
                        r.error() != null ? r.error() : "warn after " + age(r.warnAfter()) + ", error after " + age(r.errorAfter()));
            }
            out.printf("%nsource freshness: %d pass, %d warn, %d error%n", count(results, Freshness.Status.PASS),
                    count(results, Freshness.Status.WARN), count(results, Freshness.Status.ERROR));
            out.flush();
            return count(results, Freshness.Status.ERROR) > 0 ? 1 : 0;
        }

        private static long count(List<FreshnessResult> results, Freshness.Status status) {
            return results.stream().filter(r -> r.status() == status).count();
        }

        /** {@code 2d 3h}, {@code 5h 12m}, {@code 42m}, {@code 7s}; {@code -} for none. */
        static String age(Duration d) {
            if (d == null) {
                return "-";
            }
            if (d.toDays() > 0) {
                return d.toDays() + "d " + d.toHoursPart() + "h";
            }
            if (d.toHours() > 0) {
                return d.toHours() + "h " + d.toMinutesPart() + "m";
            }
            return d.toMinutes() > 0 ? d.toMinutes() + "m" : Math.max(0, d.toSeconds()) + "s";
        }
    }

    @Command(name = "ls", description = "Print the nodes a selection picks (models, sources, tests), as dbt ls does; nothing runs.")
    static class Ls implements Runnable {
        @Inject
        OfflineProjects projects;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        SelectionOptions options;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            ModelProject project = projects.load(null, options.vars);
            Selection.Selected selected = projects.select(project, options, spec.commandLine().getErr());
            for (String source : selected.sources()) {
                out.printf("%-8s %-40s %s%n", "source", source, "source:" + source);
            }
            for (String name : selected.models()) {
                Model m = project.model(name);
                out.printf("%-8s %-40s %s%n", Selection.resourceType(m), name, m.file());
            }
            for (SchemaTest t : selected.tests()) {
                out.printf("%-8s %-40s %s line %d%n", "test", t.name(), t.file(), t.line());
            }
            out.flush();
        }
    }

    /** The progress display: one line per model as it finishes, numbered against the planned total. */
    public static final class ProgressLines implements RunListener {
        private final PrintWriter out;
        private final PrintWriter err;
        private final String what;
        private final AtomicInteger done = new AtomicInteger();
        private volatile int total;

        public ProgressLines(PrintWriter out, PrintWriter err, String what) {
            this.out = out;
            this.err = err;
            this.what = what;
        }

        @Override
        public void warned(String message) {
            err.println("warning: " + message);
            err.flush();
        }

        @Override
        public void planned(String runId, List<String> names) {
            total = names.size();
            out.printf("running %d %s (run %s)%n", total, what, runId);
            out.flush();
        }

        @Override
        public synchronized void finished(ModelResult r) {
            String rows = r.rowsAffected() == null ? "" : r.kind().equals("test")
                    ? r.rowsAffected() + " failing" : r.rowsAffected() + " rows";
            out.printf("[%" + String.valueOf(total).length() + "d/%d] %-7s %-40s %-12s %14s %8.2fs%n", done.incrementAndGet(), total,
                    r.status().label().toUpperCase(Locale.ROOT), r.name(), r.materialized() == null ? "" : r.materialized(),
                    rows, r.durationMs() / 1000.0);
            out.flush();
        }
    }

    /** Prints each failure and a summary line; returns the exit code (0 when every model and test passed). */
    public static int report(PrintWriter out, RunSummary run, String what) {
        for (ModelResult r : run.results()) {
            if (!r.status().ok() && r.status() != ModelResult.Status.SKIPPED) {
                out.printf("%n%s %s:%n  %s%n", r.status().label(), r.name(), r.error().replace("\n", "\n  "));
            }
        }
        boolean first = true;
        for (ModelResult r : run.results()) {
            if (r.status() == ModelResult.Status.SKIPPED) {
                out.printf("%s%s %s: %s%n", first ? "\n" : "", r.status().label(), r.name(), r.error().replaceFirst("^skipped: ", ""));
                first = false;
            }
        }
        String commit = run.git() == null ? "not in git" : "commit " + run.git().commitSha().substring(0, 12)
                + (run.git().dirty() ? " (models/ had uncommitted changes)" : "")
                + (run.git().url() != null ? " of " + run.git().url() : "");
        Duration took = Duration.between(run.startedAt(), run.finishedAt());
        out.printf("%n%s: %d ok, %d failed, %d skipped in %.1fs on warehouse '%s', %s%n", what,
                run.count(ModelResult.Status.SUCCESS) + run.count(ModelResult.Status.PASS),
                run.count(ModelResult.Status.ERROR) + run.count(ModelResult.Status.FAIL),
                run.count(ModelResult.Status.SKIPPED), took.toMillis() / 1000.0, run.warehouse(), commit);
        out.flush();
        return run.ok() ? 0 : 1;
    }
}
