package dev.weft.bench;

import dev.weft.WeftException;
import dev.weft.demo.DemoSeeder;
import dev.weft.identity.ConnectedComponents;
import dev.weft.identity.IdentityConfig;
import dev.weft.identity.IdentityConfigLoader;
import dev.weft.identity.IdentityPipeline;
import dev.weft.identity.IdentityService;
import dev.weft.identity.IdentityStatements;
import dev.weft.identity.IdentityTables;
import dev.weft.identity.WorkTables;
import dev.weft.progress.Progress;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.Warehouses;
import dev.weft.warehouse.duckdb.DuckDbDialect;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code weft bench identity}: on one data set, end to end from the raw tables, this algorithm (seconds,
 * rounds) side by side with plain min-label propagation on the same engine and an in-memory union-find
 * (the reference, which also checks the components).
 */
@Command(name = "identity", description = "Benchmark identity resolution: randomised contraction vs min-label propagation vs in-memory union-find.")
public class IdentityBenchCommand implements Runnable {

    static final String BENCH_CONFIG = """
            identifier_types:
              anonymous_id:
              device_id:
                max_links: {user_id: 50}
              user_id:
                limit: 1
              email:
                max_links: {user_id: 50}
              phone:
            priority: [user_id, email, phone, device_id, anonymous_id]
            sources:
              - name: events
                table: raw_events
                row_key: event_id
                timestamp: occurred_at
                identifiers: {anonymous_id: anonymous_id, user_id: user_id, device_id: device_id}
              - name: contacts
                table: raw_contacts
                row_key: contact_id
                timestamp: updated_at
                identifiers: {email: email, phone: phone, user_id: user_id}
            """;
    static final String ORDERS_SOURCE = """
              - name: orders
                table: raw_orders
                row_key: order_id
                timestamp: ordered_at
                identifiers: {user_id: user_id, email: email}
            """;

    @Inject
    Provider<Warehouses> warehouses;
    @Spec
    CommandSpec spec;

    /** How the event_id of the incremental run's new rows starts. */
    private static final String NEW_ROWS = "weft-bench-";
    /** The seed's seed, as the demo uses it. */
    static final long SEED = 42;

    @Option(names = "--profiles", description = "Seed this many people into the raw tables first, as 'weft demo seed --profiles N' does"
            + " (with --synthetic: generate them in SQL). Without it, the raw tables already there are used.")
    long profiles;
    @Option(names = "--synthetic", description = "Generate raw_events and raw_contacts in SQL (DuckDB) instead of using the seeded raw tables.")
    boolean synthetic;
    @Option(names = "--skip-min-label", description = "Skip the min-label baseline (it needs as many rounds as the longest path).")
    boolean skipMinLabel;
    @Option(names = "--incremental", defaultValue = "1", description = "After the full run, add this percentage of raw_events again as"
            + " new rows (sql/identity/bench_incremental.sql) and time the incremental run that follows; 0 skips it. DuckDB only;"
            + " the rows are removed at the end.")
    double incrementalPercent;
    @Option(names = "--deletes", defaultValue = "0", description = "Before the incremental run, also delete this percentage of the"
            + " raw_events rows the full run read (sampled across all of them), so that the run notices the rows gone and removes their"
            + " links; the rows are put back at the end, where identity no longer has their links (the next bench starts with a full"
            + " run). DuckDB only.")
    double deletesPercent;
    @Option(names = "--incremental-only", description = "Keep the identity tables a previous run left and time only the incremental"
            + " run (after adding --incremental percent of new rows): for working on scheduled runs without a full run each time.")
    boolean incrementalOnly;
    @Option(names = "--chain", description = "Instead of identity data: a chain of this many nodes, ids in order and shuffled.")
    long chain;

    @Override
    public void run() {
        Warehouse wh = warehouses.get().primary();
        PrintWriter out = spec.commandLine().getOut();
        if (chain > 0) {
            if (!(wh.dialect() instanceof DuckDbDialect)) {
                throw new WeftException("--chain generates its graph with DuckDB SQL; the warehouse is " + wh.dialect().name());
            }
            chains(wh, out);
            return;
        }
        if (synthetic) {
            if (!(wh.dialect() instanceof DuckDbDialect)) {
                throw new WeftException("--synthetic generates data with DuckDB SQL; the warehouse is " + wh.dialect().name());
            }
            if (profiles <= 0) {
                throw new WeftException("--synthetic needs --profiles N");
            }
            long t0 = System.nanoTime();
            IdentityStatements.execute(wh, "bench_synthetic.sql", Map.of("n", profiles));
            log(out, "generated %d people in %.1f s", profiles, secs(t0));
        }
        if (!synthetic && profiles > 0) {
            long t0 = System.nanoTime();
            try (Progress progress = Progress.start("seed", profiles, "profiles")) {
                DemoSeeder.seed(wh, profiles, SEED, false, progress);
            }
            log(out, "seeded %d people with 'weft demo seed' in %.1f s", profiles, secs(t0));
        }
        if (!wh.tableExists("raw_events") || !wh.tableExists("raw_contacts")) {
            throw new WeftException("no raw_events/raw_contacts in warehouse '" + wh.name() + "': run 'weft demo seed --profiles N' first, or use --synthetic");
        }
        boolean incremental = incrementalPercent > 0 && wh.dialect() instanceof DuckDbDialect;
        if (incremental) {
            // Rows a failed bench left behind would change the data set.
            removeNewRows(wh);
        }
        String yaml = BENCH_CONFIG + (wh.tableExists("raw_orders") ? ORDERS_SOURCE : "");
        IdentityConfig config = IdentityConfigLoader.parse(Map.of("bench.yml", yaml));
        if (incrementalOnly) {
            if (!incremental || !wh.tableExists(IdentityTables.LIVE.runs())) {
                throw new WeftException("--incremental-only needs a DuckDB warehouse where 'weft bench identity' has run, and --incremental > 0");
            }
            timeIncremental(wh, config, out);
            return;
        }
        IdentityTables.LIVE.dropAll(wh);
        long t0 = System.nanoTime();
        long cpu0 = cpuNanos();
        IdentityPipeline.Result r = new IdentityPipeline(wh, config, IdentityTables.LIVE, IdentityService.SEED)
                .run(true, m -> log(out, "  %s", m));
        double endToEnd = secs(t0);
        double runCpu = (cpuNanos() - cpu0) / 1e9;
        log(out, "slowest statements:");
        slowest(out, r);
        IdentityTables live = IdentityTables.LIVE;
        long identifiers = IdentityStatements.count(wh, live.graph());
        long edges = IdentityStatements.count(wh, live.edges());
        long profileCount = IdentityStatements.count(wh, live.profiles());
        log(out, "identity run: %.1f s end to end (%s), %d rounds, %d identifiers, %d edges, %d profiles",
                endToEnd, steps(r.stepSeconds()), r.rounds(), identifiers, edges, profileCount);

        long floorCpu0 = cpuNanos();
        double writeFloor = writeFloor(wh);
        log(out, "writing the run's tables alone (each copied once with CREATE TABLE AS): %.1f s (%.1f s CPU); the full run took %.2f"
                + " times that", writeFloor, (cpuNanos() - floorCpu0) / 1e9, endToEnd / writeFloor);

        String incrementalRun = incremental ? timeIncremental(wh, config, out) : "skipped";

        // The same stitching edges for the three algorithms.
        wh.execute(wh.dialect().dropTableIfExists("weft_bench_edges"));
        wh.execute(IdentityStatements.statement(wh, "bench.sql#edges", Map.of("t", live.asMap())));
        ConnectedComponents cc = new ConnectedComponents(wh, 100_000, WorkTables.prefix(wh, "weft_tmp_bench_"));
        t0 = System.nanoTime();
        ConnectedComponents.Stats contraction = cc.contract("weft_bench_edges", "weft_bench_contraction", 7L, (i, left) -> { });
        double contractionSecs = secs(t0);
        log(out, "components alone, randomised contraction: %.1f s, %d rounds, edges per round %s", contractionSecs,
                contraction.rounds(), contraction.edgesPerRound());
        String minLabel = "skipped";
        if (!skipMinLabel) {
            t0 = System.nanoTime();
            ConnectedComponents.Stats ml = cc.minLabel("weft_bench_edges", "weft_bench_minlabel", (i, changed) -> { });
            minLabel = String.format(Locale.ROOT, "%.1f s, %d rounds", secs(t0), ml.rounds());
            long disagree = wh.queryLong(IdentityStatements.statement(wh, "bench.sql#components_disagree",
                    Map.of("a", "weft_bench_contraction", "b", "weft_bench_minlabel"))).orElse(0L);
            if (disagree != 0) {
                throw new WeftException("min-label and contraction disagree on " + disagree + " components");
            }
            log(out, "components alone, min-label propagation: %s", minLabel);
        }
        t0 = System.nanoTime();
        UnionFindReference uf = UnionFindReference.load(wh, "weft_bench_edges");
        double ufSecs = secs(t0);
        long mismatches = uf.mismatches(wh, "weft_bench_contraction");
        if (mismatches != 0) {
            throw new WeftException("union-find and contraction disagree on " + mismatches + " nodes");
        }
        log(out, "components alone, in-memory union-find: %.1f s (load and union; components identical)", ufSecs);
        out.println();
        out.println("| profiles | identifiers | edges | identity run end to end (CPU) | writing its tables alone | incremental run | contraction, components only | min-label propagation | in-memory union-find | JVM heap peak | process peak RSS |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        out.printf(Locale.ROOT, "| %d | %d | %d | %.1f s (%.1f s CPU), %d rounds | %.1f s | %s | %.1f s, %d rounds | %s | %.1f s | %s | %s |%n", profileCount,
                identifiers, edges, endToEnd, runCpu, r.rounds(), writeFloor, incrementalRun, contractionSecs, contraction.rounds(), minLabel, ufSecs,
                mib(heapPeak()), mib(rssPeak()));
        out.flush();
        for (String t : List.of("weft_bench_edges", "weft_bench_contraction", "weft_bench_minlabel")) {
            wh.execute(wh.dialect().dropTableIfExists(t));
        }
    }

    /**
     * A floor under the end-to-end figure: the seconds it takes only to write the tables a full run writes
     * (the dictionary, sightings, edges with their provenance, the membership, the profiles, the registry and the
     * changes), each copied once, as the run writes it, with nothing computed.
     */
    private static double writeFloor(Warehouse wh) {
        IdentityTables t = IdentityTables.LIVE;
        String copy = "weft_bench_copy";
        double secs = 0;
        for (String table : List.of(t.nodes(), t.seen(), t.edges(), t.membership(), t.profiles(), t.registry(), t.changes())) {
            wh.execute(wh.dialect().dropTableIfExists(copy));
            long t0 = System.nanoTime();
            wh.execute(IdentityStatements.statement(wh, "work.sql#copy", Map.of("copy", copy, "table", table)));
            secs += secs(t0);
        }
        wh.execute(wh.dialect().dropTableIfExists(copy));
        return secs;
    }

    /** Adds new rows (bench_incremental.sql), times the incremental run and removes them; returns the figure for the table. */
    private String timeIncremental(Warehouse wh, IdentityConfig config, PrintWriter out) {
        // Tagged per bench, so that new cookies are new on every run against the same tables.
        String tag = NEW_ROWS + System.currentTimeMillis() + "-";
        IdentityStatements.execute(wh, "bench_incremental.sql", Map.of("percent", incrementalPercent, "tag", tag));
        long newRows = wh.queryLong(IdentityStatements.statement(wh, "bench.sql#new_rows", Map.of()), NEW_ROWS + "%").orElse(0L);
        long deleted = 0;
        if (deletesPercent > 0) {
            IdentityStatements.execute(wh, "bench.sql#delete_rows", Map.of("percent", deletesPercent, "new_rows", NEW_ROWS));
            deleted = IdentityStatements.count(wh, "weft_bench_deleted");
        }
        // The rows just written (and the full run's tables) to the database file first: its first statement would
        // otherwise pay for that checkpoint (4 to 9 s at 1M people), which is the loader's cost, not identity's.
        IdentityStatements.execute(wh, "bench.sql#checkpoint", Map.of());
        long t0 = System.nanoTime();
        long cpu0 = cpuNanos();
        IdentityPipeline.Result ri = new IdentityPipeline(wh, config, IdentityTables.LIVE, IdentityService.SEED)
                .run(false, m -> log(out, "  %s", m));
        String figure = String.format(Locale.ROOT, "%.1f s (%.1f s CPU) for %d new rows%s, %d identifiers in scope, %d rounds%s", secs(t0),
                (cpuNanos() - cpu0) / 1e9, newRows,
                deletesPercent > 0 ? " and " + deleted + " deleted" : "", ri.scopeNodes(), ri.rounds(),
                ri.full() ? " (ran full: the rows deleted meant reading most rows again)" : "");
        log(out, "incremental run: %s (%s), changes %s; slowest statements:", figure, steps(ri.stepSeconds()), ri.changes());
        slowest(out, ri);
        removeNewRows(wh);
        if (deletesPercent > 0) {
            IdentityStatements.execute(wh, "bench.sql#restore_deleted_rows", Map.of());
        }
        return figure;
    }

    /** Takes out the rows bench_incremental.sql added (their event_id starts with {@link #NEW_ROWS}). */
    private static void removeNewRows(Warehouse wh) {
        wh.execute(IdentityStatements.statement(wh, "bench.sql#remove_new_rows", Map.of()), NEW_ROWS + "%");
    }

    private static void slowest(PrintWriter out, IdentityPipeline.Result r) {
        r.slowest().forEach(st -> log(out, "  %6.1f s  %s", st.seconds(), st.sql().length() > 160 ? st.sql().substring(0, 160) + " ..." : st.sql()));
    }

    private void chains(Warehouse wh, PrintWriter out) {
        for (boolean shuffled : new boolean[]{false, true}) {
            wh.execute(wh.dialect().dropTableIfExists("weft_bench_chain"));
            wh.execute(IdentityStatements.statement(wh, "bench.sql#chain", Map.of("n", chain, "shuffled", shuffled)));
            long t0 = System.nanoTime();
            ConnectedComponents.Stats s = new ConnectedComponents(wh, ConnectedComponents.DEFAULT_MAX_ROUNDS, WorkTables.prefix(wh, "weft_tmp_bench_"))
                    .contract("weft_bench_chain", "weft_bench_chain_cc", 11L, (i, left) -> { });
            double secs = secs(t0);
            long comps = IdentityStatements.countDistinct(wh, "weft_bench_chain_cc", "comp");
            int bound = (int) Math.ceil(2 * Math.log(chain) / Math.log(2)) + 3;
            log(out, "chain of %d nodes, ids %s: %.1f s, %d rounds (bound %d), %d component(s), edges per round %s", chain,
                    shuffled ? "shuffled" : "in order", secs, s.rounds(), bound, comps, s.edgesPerRound());
            if (comps != 1 || s.rounds() > bound) {
                throw new WeftException("chain benchmark failed: " + comps + " components, " + s.rounds() + " rounds");
            }
            IdentityStatements.drop(wh, "weft_bench_chain");
            IdentityStatements.drop(wh, "weft_bench_chain_cc");
        }
    }

    private static String steps(Map<String, Double> seconds) {
        StringBuilder sb = new StringBuilder();
        for (String k : List.of("stage", "vanished", "dictionary", "edges", "quarantine", "scope", "components", "limits", "stable_ids", "outputs")) {
            if (seconds.containsKey(k)) {
                sb.append(sb.isEmpty() ? "" : ", ").append(k).append(String.format(Locale.ROOT, " %.1f", seconds.get(k)));
            }
        }
        return sb.toString();
    }

    private static void log(PrintWriter out, String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
        out.flush();
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** CPU time of the whole process (JVM and DuckDB's threads): on a shared machine, wall-clock alone misleads. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** Peak resident set size of this process (JVM plus DuckDB's native memory), from /proc on Linux. */
    private static long rssPeak() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : (bytes >> 20) + " MiB";
    }
}
