package dev.weft.bench;

import dev.weft.WeftException;
import dev.weft.Workspace;
import dev.weft.demo.DemoSeeder;
import dev.weft.demo.DemoWorkspace;
import dev.weft.destinations.RateLimit;
import dev.weft.pipeline.Asset;
import dev.weft.pipeline.AssetResult;
import dev.weft.pipeline.Pipeline;
import dev.weft.pipeline.PipelineRun;
import dev.weft.progress.Progress;
import dev.weft.syncs.Connections;
import dev.weft.syncs.SyncRuns;
import dev.weft.warehouse.SqlTemplates;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.Warehouses;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code weft bench freshness}: how long new warehouse rows take to reach a destination through the pipeline. In a
 * workspace of its own ({@code .weft/bench/freshness/}: the demo's models, identity and audiences, an audience of
 * everyone with an email and a country, mirrored to a local webhook receiver), it seeds N people and builds
 * everything once, times a run with nothing stale, then appends 1% new people, a row that merges two members and
 * the deletion of the rows that held a member in, and times the pipeline run that follows until the receiver holds
 * the audience exactly, asset by asset.
 */
@Command(name = "freshness", description = "Time new raw rows to a destination through the pipeline, per asset.")
public class FreshnessBenchCommand implements Runnable {

    static final String AUDIENCE = "fresh-with-email";
    private static final String SYNC = "fresh_mirror";
    private static final String SECRET = "bench-secret";

    @Inject
    Provider<Workspace> workspace;
    @Spec
    CommandSpec spec;

    @Option(names = "--profiles", defaultValue = "100000", description = "People to seed (default ${DEFAULT-VALUE}).")
    long profiles;
    @Option(names = "--percent", defaultValue = "1", description = "New people, as a percentage of the contacts (default ${DEFAULT-VALUE}).")
    double percent;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = workspace.get().stateDir().resolve("bench").resolve("freshness");
        resetWorkspace(dir);
        // The bench's workspace starts as a command's does (Weft.run's environments): no metrics, no health monitor.
        try (RateLimitedReceiver receiver = new RateLimitedReceiver(SECRET, RateLimit.perSecond(10_000));
             ApplicationContext context = ApplicationContext.builder("cli", "command").properties(properties(dir)).start()) {
            Warehouses warehouses = context.getBean(Warehouses.class);
            Warehouse wh = warehouses.create(warehouses.primaryName());
            Connections connections = context.getBean(Connections.class);
            connections.create("hook", "webhook", Map.of("url", receiver.url(), "max-batch-size", "1000",
                    "requests-per-second", "1000"), Map.of("signing-secret", SECRET));
            Pipeline pipeline = context.getBean(Pipeline.class);

            long t0 = System.nanoTime();
            try (Progress progress = Progress.start("seed", profiles, "profiles")) {
                DemoSeeder.seed(wh, profiles, 42, false, progress);
            }
            log(out, "seeded %d people in %.1f s", profiles, secs(t0));
            PipelineRun first = timed(pipeline, "the first build (everything)", out, r -> { });
            check(first, receiver, wh, "the first build");
            PipelineRun idle = timed(pipeline, "a run with nothing stale", out, r -> { });
            if (idle.count(AssetResult.Outcome.BUILT) > 0) {
                throw new WeftException("a run with nothing new built " + idle.count(AssetResult.Outcome.BUILT) + " assets");
            }

            Set<String> before = members(wh);
            List<String[]> people = wh.queryList(sql(wh, "people", Map.of()), List.of(AUDIENCE),
                    r -> new String[]{r.getString(0), r.getString(1), r.getString(2), r.getString(3)});
            String[] withPhone = people.stream().filter(p -> p[2] != null && p[3] == null).findFirst()
                    .orElseThrow(() -> new WeftException("no member with a phone and no user_id to merge"));
            String[] withEmail = people.stream().filter(p -> p[1] != null && !p[0].equals(withPhone[0])).findFirst().orElseThrow();
            String[] leaving = people.stream().filter(p -> p[1] != null && !p[0].equals(withPhone[0]) && !p[0].equals(withEmail[0]))
                    .findFirst().orElseThrow();
            long t1 = System.nanoTime();
            wh.execute(sql(wh, "new_people", Map.of("percent", percent)));
            wh.execute(sql(wh, "merge", Map.of()), withEmail[1], withPhone[2]);
            wh.execute(sql(wh, "forget_contacts", Map.of()), leaving[1]);
            log(out, "appended %s%% new people, a row merging two members and deleted a member's contact rows in %.1f s",
                    fmt(percent), secs(t1));
            long t2 = System.nanoTime();
            // The receiver's state is final once the sync's run is: the pipeline runs what a sync reads first, and
            // the assets no sync reads after it.
            long[] synced = new long[1];
            PipelineRun fresh = timed(pipeline, "the run after the new rows", out, r -> {
                if (r.asset().equals(Asset.id(Asset.Kind.SYNC, SYNC))) {
                    synced[0] = System.nanoTime();
                }
            });
            double seconds = (synced[0] - t2) / 1e9;
            double whole = secs(t2);
            Set<String> after = check(fresh, receiver, wh, "the new rows");
            context.getBean(SyncRuns.class).forSync(SYNC, 1).stream().findFirst().ifPresent(run ->
                    log(out, "sync %s: plan %.1f s, delivery %.1f s", run.syncId(), millis(run.planMillis()), millis(run.deliveryMillis())));
            log(out, "audience %s: %d members before, %d after (%d joined, %d left); the receiver holds them exactly",
                    AUDIENCE, before.size(), after.size(), difference(after, before), difference(before, after));
            log(out, "freshness at %d profiles: %.1f s from the appended rows to the receiver holding the audience exactly"
                    + " (the whole run, with the assets no sync reads: %.1f s); a run with nothing stale: %.1f s",
                    profiles, seconds, whole, runSeconds(idle));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> properties(Path dir) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, Object> props = new HashMap<>();
        props.put("weft.workspace", dir.toString());
        props.put("weft.master-key", Base64.getEncoder().encodeToString(key));
        props.put("weft.destinations.file.root", dir.toString());
        props.put("weft.pipeline.poll-interval", "off");
        props.put("weft.audiences.as-of", "latest-event");
        return props;
    }

    /** A fresh workspace: the demo's folders, and the bench's audience mirrored to the receiver. */
    private static void resetWorkspace(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> all = Files.walk(dir)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(dir);
            DemoWorkspace.install(dir);
            // Without the demo's file syncs: the file destination holds a sync's whole state in memory (it is for
            // demos), so at a million people it would measure the file destination rather than the pipeline.
            try (Stream<Path> demoSyncs = Files.list(dir.resolve("syncs"))) {
                for (Path sync : demoSyncs.filter(p -> p.toString().endsWith(".yml")).toList()) {
                    Files.delete(sync);
                }
            }
            Files.writeString(dir.resolve("audiences/" + AUDIENCE + ".json"), """
                    {"name": "With an email and a country", "conditions": [
                      {"type": "trait", "column": "email", "operator": "is_set"},
                      {"type": "trait", "column": "country", "operator": "is_set"}]}
                    """);
            // The demo's purposes, opted out and without its consent sources: the receiver is to hold every member.
            Files.writeString(dir.resolve("consent/consent.yml"), "purposes: {email_marketing: opt_out, ads_targeting: opt_out}\n");
            Files.writeString(dir.resolve("syncs/" + SYNC + ".yml"), """
                    source: {audience: %s}
                    destination: {type: webhook, connection: hook}
                    mode: mirror
                    purpose: email_marketing
                    mapping:
                      - {from: email, to: email, transforms: [trim, lower]}
                    """.formatted(AUDIENCE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double millis(Long ms) {
        return ms == null ? 0 : ms / 1000.0;
    }

    private static PipelineRun timed(Pipeline pipeline, String what, PrintWriter out, Consumer<AssetResult> listener) {
        PipelineRun run = pipeline.run("bench", null, listener);
        if (!PipelineRun.SUCCEEDED.equals(run.status())) {
            throw new WeftException(what + " failed: " + (run.error() != null ? run.error() : run.assets().stream()
                    .filter(r -> r.outcome() == AssetResult.Outcome.FAILED).map(r -> r.asset() + ": " + r.reason())
                    .collect(Collectors.joining("; "))));
        }
        String assets = run.assets().stream().filter(r -> r.outcome() != AssetResult.Outcome.SKIPPED)
                .sorted(Comparator.comparingDouble(AssetResult::seconds).reversed())
                .map(r -> String.format(Locale.ROOT, "%s %.1f s", r.asset(), r.seconds())).collect(Collectors.joining(", "));
        log(out, "%s: %.1f s; built %d, skipped %d%s", what, runSeconds(run), run.count(AssetResult.Outcome.BUILT)
                + run.count(AssetResult.Outcome.CHANGED), run.count(AssetResult.Outcome.SKIPPED), assets.isEmpty() ? "" : " (" + assets + ")");
        return run;
    }

    /** The audience's members, which the receiver must hold exactly: nothing missing, nothing extra. */
    private static Set<String> check(PipelineRun run, RateLimitedReceiver receiver, Warehouse wh, String after) {
        Set<String> members = members(wh);
        Set<String> held = receiver.held();
        if (!held.equals(members)) {
            Set<String> missing = new TreeSet<>(members);
            missing.removeAll(held);
            Set<String> extra = new TreeSet<>(held);
            extra.removeAll(members);
            throw new WeftException("after " + after + " (run " + run.id() + ") the receiver is not the audience: " + missing.size()
                    + " missing, " + extra.size() + " extra");
        }
        return members;
    }

    private static Set<String> members(Warehouse wh) {
        return new TreeSet<>(wh.queryList(sql(wh, "members", Map.of()), List.of(AUDIENCE), r -> r.getString(0)));
    }

    private static long difference(Set<String> a, Set<String> b) {
        return a.stream().filter(x -> !b.contains(x)).count();
    }

    private static String sql(Warehouse wh, String section, Map<String, Object> vars) {
        return SqlTemplates.render(wh.dialect(), "pipeline/bench_freshness.sql#" + section, vars);
    }

    private static double runSeconds(PipelineRun run) {
        return (run.finishedAt().toEpochMilli() - run.startedAt().toEpochMilli()) / 1000.0;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void log(PrintWriter out, String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
        out.flush();
    }
}
