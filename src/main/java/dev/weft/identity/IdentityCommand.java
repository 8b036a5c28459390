package dev.weft.identity;

import dev.weft.WeftException;
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

/** {@code weft identity run|plan|explain|report|forget|lift|requests}. */
@Command(name = "identity", description = "Stitch identifiers into profiles, and explain the result.",
        subcommands = {IdentityCommand.Run.class, IdentityCommand.Plan.class, IdentityCommand.Explain.class,
                IdentityCommand.ReportCmd.class, IdentityCommand.Forget.class, IdentityCommand.Lift.class,
                IdentityCommand.Requests.class})
public class IdentityCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "run", description = "Run identity resolution: incremental when only new rows arrived, else full.")
    static class Run implements Runnable {
        @Inject
        Provider<IdentityService> identity;
        @Spec
        CommandSpec spec;
        @Option(names = "--full", description = "Recompute every profile, not only those new rows touch.")
        boolean full;

        @Override
        public void run() {
            PrintWriter err = spec.commandLine().getErr();
            IdentityPipeline.Result r = identity.get().run(full, m -> {
                err.println("identity: " + m);
                err.flush();
            });
            PrintWriter out = spec.commandLine().getOut();
            out.println(summary(r));
            out.flush();
        }
    }

    /** One line about a run, as this command and the demo print it. */
    public static String summary(IdentityPipeline.Result r) {
        return String.format(Locale.ROOT, "%s (%s): %d identifiers in scope, %d rounds, changes %s, %.1f s",
                r.runId(), r.full() ? "full" : "incremental", r.scopeNodes(), r.rounds(), r.changes(), r.stepSeconds().get("total"));
    }

    @Command(name = "plan", description = "Show what the current identity-graph config would change, without applying it.")
    static class Plan implements Runnable {
        @Inject
        Provider<IdentityService> identity;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            IdentityPlan.Summary s = identity.get().plan(m -> {
                spec.commandLine().getErr().println("identity plan: " + m);
                spec.commandLine().getErr().flush();
            });
            PrintWriter out = spec.commandLine().getOut();
            out.println(s.render());
            out.flush();
        }
    }

    @Command(name = "explain", description = "Why two identifiers are in one profile: the shortest chain of links and the rows behind each.")
    static class Explain implements Runnable {
        @Inject
        Provider<IdentityService> identity;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "FROM", description = "type:value, e.g. email:a@x.com")
        String from;
        @Parameters(index = "1", paramLabel = "TO", description = "type:value, e.g. anonymous_id:abc")
        String to;

        @Override
        public void run() {
            IdentityGraphInspector.Explanation e = identity.get().explain(from, to);
            PrintWriter out = spec.commandLine().getOut();
            out.println(e.reason());
            for (IdentityGraphInspector.Step s : e.path()) {
                out.println("  " + s.from().label() + " -- " + s.to().label() + (s.dropped() == null ? "" : "  (dropped: " + s.dropped() + ")"));
                for (IdentityGraphInspector.Provenance p : s.provenance()) {
                    out.println("      " + p.source() + " row " + p.rowKey() + " (seen " + p.firstSeen() + " .. " + p.lastSeen() + ")");
                }
            }
            out.flush();
        }
    }

    @Command(name = "report", description = "Largest profiles, quarantined hubs, links dropped by limits, junk kept out, and bridge identifiers (over-merge suspects).")
    static class ReportCmd implements Runnable {
        @Inject
        Provider<IdentityService> identity;
        @Spec
        CommandSpec spec;
        @Option(names = "--top", defaultValue = "10", description = "How many of the largest profiles to list and inspect.")
        int top;
        @Option(names = "--min-piece", defaultValue = "2", description = "A bridge must hold together pieces of at least this many identifiers.")
        int minPiece;

        @Override
        public void run() {
            IdentityGraphInspector.Report r = identity.get().inspector().report(top, minPiece);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Largest profiles:");
            r.largest().forEach(p -> out.println("  " + p.get("profile_id") + "  " + p.get("identifiers") + " identifiers"));
            out.println("Quarantined identifiers:" + (r.quarantined().isEmpty() ? " none" : ""));
            r.quarantined().forEach(q -> out.println("  " + q.identifier().label() + "  " + q.reason() + ": " + q.detail()));
            out.println("Links dropped by per-profile limits:" + (r.limitDrops().isEmpty() ? " none" : ""));
            r.limitDrops().forEach(d -> out.println("  " + d.from().label() + " -- " + d.to().label() + "  " + d.detail()));
            out.println("Junk kept out of the graph (values per type and rule, examples):" + (r.junk().isEmpty() ? " none" : ""));
            r.junk().forEach(j -> out.println("  " + j.type() + "  " + j.rule() + "  " + j.values() + "  "
                    + j.examples().stream().map(v -> "'" + v + "'").collect(java.util.stream.Collectors.joining(", "))));
            out.println("Bridges (removing one would split its profile; pieces' sizes):" + (r.bridges().isEmpty() ? " none" : ""));
            r.bridges().forEach(b -> out.println("  " + b.identifier().label() + " in " + b.profileId() + " (" + b.componentSize()
                    + " identifiers) -> " + b.piecesWithout()));
            out.flush();
        }
    }

    @Command(name = "forget", description = "Record a deletion request: the identifier leaves its profile on the next run, "
            + "mirror syncs remove the person downstream on theirs, and rows bringing it again are dropped until the request is lifted.")
    static class Forget implements Runnable {
        @Inject
        Provider<IdentityService> identity;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ID", description = "type:value")
        String id;

        @Override
        public void run() {
            DeletionRequests.DeletionRequest r = identity.get().forget(id);
            spec.commandLine().getOut().println("deletion request " + r.id() + " (" + r.status() + ", requested " + r.requestedAt()
                    + " by " + r.requestedBy() + "): it takes effect on the next 'weft identity run'");
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "lift", description = "Lift the deletion request held for an identifier: the next run puts it back where its rows link it.")
    static class Lift implements Runnable {
        @Inject
        Provider<IdentityService> identity;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ID", description = "type:value")
        String id;

        @Override
        public void run() {
            String[] tv = IdentityService.split(id);
            DeletionRequests.DeletionRequest r = identity.get().lift(tv[0], tv[1])
                    .orElseThrow(() -> new WeftException("no deletion request is held for " + id));
            spec.commandLine().getOut().println("deletion request " + r.id() + " lifted: " + tv[0]
                    + " comes back on the next 'weft identity run'");
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "requests", description = "List deletion requests, newest first: status, the identifier's type and the SHA-256 of "
            + "its value, who asked and when, what the identity run that applied each removed, who lifted it.")
    static class Requests implements Runnable {
        @Inject
        Provider<DeletionRequests> requests;
        @Spec
        CommandSpec spec;
        @Option(names = "--status", description = "Only requests of this status: pending, applied or lifted.")
        String status;
        @Option(names = "--limit", defaultValue = "50", description = "At most this many (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public void run() {
            if (status != null && !DeletionRequests.STATUSES.contains(status)) {
                throw new WeftException("--status must be one of " + DeletionRequests.STATUSES + ", got '" + status + "'");
            }
            if (limit < 1) {
                throw new WeftException("--limit must be at least 1, got " + limit);
            }
            PrintWriter out = spec.commandLine().getOut();
            List<DeletionRequests.DeletionRequest> found = requests.get().list(status, null, limit);
            if (found.isEmpty()) {
                out.println("no deletion requests" + (status == null ? "" : " " + status));
            }
            for (DeletionRequests.DeletionRequest r : found) {
                out.println(r.id() + "  " + r.status() + "  " + r.type() + ":sha256:" + r.valueSha256() + "  requested " + r.requestedAt()
                        + " by " + r.requestedBy()
                        + (r.appliedRun() == null ? "" : "; applied " + r.appliedAt() + " by identity run " + r.appliedRun() + ": "
                        + r.identifiersRemoved() + " identifier(s) removed from " + r.profilesAffected() + " profile(s)")
                        + (r.liftedAt() == null ? "" : "; lifted " + r.liftedAt() + " by " + r.liftedBy()));
            }
            out.flush();
        }
    }
}
