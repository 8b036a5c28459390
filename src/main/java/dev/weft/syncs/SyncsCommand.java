package dev.weft.syncs;

import dev.weft.WeftException;
import dev.weft.destinations.Operation;
import dev.weft.destinations.SyncRecord;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code weft syncs list|plan|run}. */
@Command(name = "syncs", description = "List, validate, plan (dry run) and run syncs.",
        subcommands = {SyncsCommand.ListSyncs.class, SyncsCommand.Validate.class, SyncsCommand.Plan.class, SyncsCommand.Run.class})
public class SyncsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", description = "List syncs (git and API) with destination, mode and schedule.")
    static class ListSyncs implements Runnable {
        @Inject
        Provider<SyncDefinitions> definitions;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            for (SyncDefinition d : definitions.get().list()) {
                out.printf("%-32s %-4s %s -> %s/%s  %s  %s%n", d.id(), d.origin(),
                        d.source().isAudience() ? "audience " + d.source().audience() : "model " + d.source().model(),
                        d.destination().type(), d.destination().connection(), d.mode().name().toLowerCase(Locale.ROOT),
                        d.schedule().kind().name().toLowerCase(Locale.ROOT));
            }
            out.flush();
        }
    }

    @Command(name = "validate", description = "Check syncs (all, or those named) against their destinations and the columns of"
            + " their sources in the warehouse; each problem names the file and line (or the API sync) and the field.")
    static class Validate implements Runnable {
        @Inject
        Provider<SyncDefinitions> definitions;
        @Inject
        Provider<SyncValidator> validator;
        @Spec
        CommandSpec spec;
        @Parameters(arity = "0..*", description = "Sync ids (default: every sync).")
        List<String> ids;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            List<String> checked = ids == null || ids.isEmpty() ? definitions.get().ids() : ids;
            int failed = 0;
            for (String id : checked) {
                List<String> problems = problems(id);
                if (problems.isEmpty()) {
                    out.println("ok " + id);
                } else {
                    problems.forEach(out::println);
                    failed++;
                }
            }
            out.flush();
            if (failed > 0) {
                throw new WeftException(failed + " of " + checked.size() + " syncs have problems (listed above)");
            }
        }

        /** Why the sync is not valid, one line per problem; none when it is. */
        private List<String> problems(String id) {
            SyncDefinition sync;
            try {
                sync = definitions.get().get(id);
            } catch (WeftException e) {
                return List.of(e.getMessage()); // unreadable: the reader's message names the file and line
            }
            try {
                validator.get().validate(sync);
                return List.of();
            } catch (InvalidSyncException e) {
                return definitions.get().describe(sync, e.problems());
            } catch (SyncSourceNotReadyException e) {
                return definitions.get().describe(sync, List.of(e.problem()));
            }
        }
    }

    @Command(name = "plan", description = "Dry run: what the next run would send (counts and a sample); nothing is sent.")
    static class Plan implements Runnable {
        @Inject
        Provider<SyncExecutor> executor;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", description = "The sync id.")
        String sync;
        @Option(names = "--sample", defaultValue = "5", description = "Records shown per kind (default ${DEFAULT-VALUE}).")
        int sample;

        @Override
        public void run() {
            SyncExecutor.DryRun dry = executor.get().plan(sync, sample);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("sync %s: %,d to add, %,d to change, %,d to remove%s (planned in %d ms)%n", sync,
                    dry.counts().added(), dry.counts().changed(), dry.counts().removed(), withheld(dry.counts()), dry.took().toMillis());
            for (Map.Entry<Operation, List<SyncRecord>> e : dry.sample().entrySet()) {
                for (SyncRecord r : e.getValue()) {
                    out.printf("  %-6s %s %s%n", e.getKey().name().toLowerCase(Locale.ROOT), r.key(), r.fields());
                }
            }
            out.flush();
        }
    }

    @Command(name = "run", description = "Run a sync now and print what it sent.")
    static class Run implements Runnable {
        @Inject
        Provider<SyncScheduler> scheduler;
        @Inject
        Provider<SyncRuns> runs;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", description = "The sync id.")
        String sync;

        @Override
        public void run() {
            SyncExecutor.RunResult r = scheduler.get().runNow(sync, "cli", p -> { })
                    .orElseThrow(() -> new WeftException("sync '" + sync + "' is running elsewhere ("
                            + scheduler.get().holder(sync).orElse("its lease was just taken") + "); try again when that run ends"));
            PrintWriter out = spec.commandLine().getOut();
            out.println(SyncsCommand.summary(sync, r));
            for (SyncRuns.RowError e : runs.get().errors(r.runId(), 0, 10)) {
                out.printf("  %s %s (%s): %s%n", e.operation(), e.recordKey(), e.outcome(), e.message());
            }
            out.flush();
            if (r.status() == SyncRuns.Status.FAILED) {
                throw new WeftException("sync '" + sync + "' failed: " + r.error());
            }
        }
    }

    /** What consent and suppression withheld, as {@code , withheld 12 (no_consent 9, revoked 3)}; empty when nothing. */
    static String withheld(SyncPlanner.PlanCounts counts) {
        return counts.withheld().isEmpty() ? "" : ", " + counts.withheldText();
    }

    /** One line about a run, as this command and the demo print it. */
    public static String summary(String sync, SyncExecutor.RunResult r) {
        return String.format(Locale.ROOT, "sync %s: run %s %s; planned +%,d ~%,d -%,d%s; sent %,d, ok %,d, failed %,d%s"
                        + " (plan %d ms, delivery %d ms)", sync, r.runId(), r.status().name().toLowerCase(Locale.ROOT),
                r.planned() == null ? 0 : r.planned().added(), r.planned() == null ? 0 : r.planned().changed(),
                r.planned() == null ? 0 : r.planned().removed(), r.planned() == null ? "" : withheld(r.planned()), r.sent(), r.succeeded(), r.failed(),
                r.pending() == 0 ? "" : String.format(Locale.ROOT, ", waiting on jobs %,d", r.pending()),
                r.plan() == null ? 0 : r.plan().toMillis(), r.delivery() == null ? 0 : r.delivery().toMillis());
    }
}
