package dev.weft.bench;

import dev.weft.Workspace;
import dev.weft.audit.AuditLog;
import dev.weft.consent.Consents;
import dev.weft.destinations.Operation;
import dev.weft.destinations.RateLimit;
import dev.weft.destinations.file.FileDestinationProvider;
import dev.weft.destinations.webhook.WebhookDestinationProvider;
import dev.weft.store.CredentialVault;
import dev.weft.store.Store;
import dev.weft.store.StoreConfig;
import dev.weft.syncs.AckJournal;
import dev.weft.syncs.Connections;
import dev.weft.syncs.DestinationTypes;
import dev.weft.syncs.RateLimiters;
import dev.weft.syncs.SyncDefinition;
import dev.weft.syncs.SyncDefinitions;
import dev.weft.syncs.SyncExecutor;
import dev.weft.syncs.SyncJobs;
import dev.weft.syncs.SyncPlanner;
import dev.weft.syncs.SyncRuns;
import dev.weft.syncs.SyncState;
import dev.weft.syncs.SyncMetrics;
import dev.weft.syncs.SyncStates;
import dev.weft.syncs.SyncsConfig;
import dev.weft.warehouse.SqlTemplates;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseConfig;
import dev.weft.warehouse.Warehouses;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@code weft bench syncs}: plans a sync of {@code --rows} rows with {@code --changed} of them changed
 * on an embedded DuckDB (or {@code --postgres}), then delivers to a local rate-limited webhook receiver this command starts on
 * 127.0.0.1. Everything lives in a temporary folder (its own store and warehouse), removed at the end.
 */
@Command(name = "syncs", description = "Benchmark sync planning (DuckDB) and delivery to a local rate-limited webhook.")
public class SyncsBenchCommand implements Runnable {

    @Option(names = "--rows", defaultValue = "1000000", description = "Source rows to plan (default ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--changed", defaultValue = "0.01", description = "Fraction of rows changed between plans (default ${DEFAULT-VALUE}).")
    double changed;

    @Option(names = "--rate", defaultValue = "100", description = "The receiver's rate limit, requests per second (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--batch", defaultValue = "100", description = "Records per request (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seconds", defaultValue = "20", description = "Delivery lasts about this long: rate x batch x seconds records (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--threads", description = "DuckDB threads (default: all cores).")
    Integer threads;

    @Option(names = "--postgres", paramLabel = "JDBC_URL", description = "Plan on this PostgreSQL (a JDBC URL with its user)"
            + " instead of an embedded DuckDB, in a schema of its own dropped at the end; delivery stays on DuckDB.")
    String postgres;

    private final PrintStream out = System.out;

    @Override
    public void run() {
        Path dir;
        try {
            dir = Files.createTempDirectory("weft-bench-syncs");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            if (rows > 0) {
                planning(dir.resolve("plan"));
            }
            if (seconds > 0) {
                delivery(dir.resolve("deliver"));
            }
        } finally {
            delete(dir);
        }
    }

    private record World(Store store, Warehouses warehouses, Connections connections, SyncStates states, AckJournal journal,
                         SyncExecutor executor) implements AutoCloseable {
        Warehouse warehouse() {
            return warehouses.primary();
        }

        @Override
        public void close() {
            warehouses.close();
            store.close();
        }
    }

    private World world(Path dir, String pgSchema) {
        Workspace workspace = new Workspace(dir.toString());
        Store store = new Store(new StoreConfig(null, null, null, 4), workspace);
        WarehouseConfig wc = pgSchema != null
                ? new WarehouseConfig("bench", "postgres", null, null, null, postgres, null, null, pgSchema,
                        null, null, null, null, null, null, null, null, 4)
                : new WarehouseConfig("bench", "duckdb", "bench.duckdb", "6GB", threads,
                        null, null, null, null, null, null, null, null, null, null, null, null, null);
        Warehouses warehouses = new Warehouses(List.of(wc), "bench", workspace);
        warehouses.create("bench");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        CredentialVault vault = CredentialVault.open(store, Base64.getEncoder().encodeToString(key));
        DestinationTypes types = new DestinationTypes(List.of(new FileDestinationProvider(workspace, FileDestinationProvider.DEFAULT_ROOT), new WebhookDestinationProvider()));
        AuditLog audit = new AuditLog(store);
        Connections connections = new Connections(store, vault, types, audit);
        SyncDefinitions definitions = new SyncDefinitions(workspace, store, audit);
        SyncJobs jobs = new SyncJobs(store);
        SyncStates states = new SyncStates(store, connections, definitions, jobs);
        AckJournal journal = new AckJournal(store, states);
        SyncExecutor executor = new SyncExecutor(definitions, connections, types, warehouses, journal, new SyncRuns(store), jobs,
                new RateLimiters(store), SyncsConfig.defaults(), states, new SyncMetrics(new SimpleMeterRegistry()),
                new Consents(workspace));
        return new World(store, warehouses, connections, states, journal, executor);
    }

    private static void writeSync(Path dir, String id, String connection, String type) throws IOException {
        Files.createDirectories(dir.resolve("syncs"));
        Files.writeString(dir.resolve("syncs").resolve(id + ".yml"), """
                source: {model: bench_source}
                destination: {type: %s, connection: %s}
                mode: upsert
                key: id
                mapping:
                  - {from: email, to: email, transforms: [trim, lower]}
                  - {from: name, to: name}
                  - {from: score, to: score}
                """.formatted(type, connection));
    }

    private static void source(Warehouse wh, long n) {
        SqlTemplates.statements(wh.dialect(), "syncs/bench.sql#source", Map.of("n", n)).forEach(wh::execute);
    }

    /** Changes about {@code fraction} of the rows; returns how many. */
    private static long change(Warehouse wh, double fraction) {
        long per10k = Math.round(fraction * 10_000);
        return wh.execute(SqlTemplates.render(wh.dialect(), "syncs/bench.sql#change", Map.of("per10k", per10k)));
    }

    private void planning(Path dir) {
        String pgSchema = postgres == null ? null : "weft_bench_syncs_" + UUID.randomUUID().toString().substring(0, 8);
        try (World w = world(dir, pgSchema)) {
            try {
                plan(dir, w, pgSchema);
            } finally {
                if (pgSchema != null) {
                    w.warehouse().execute(SqlTemplates.render(w.warehouse().dialect(), "syncs/bench.sql#drop_schema",
                            Map.of("schema", pgSchema)));
                }
            }
        }
    }

    private void plan(Path dir, World w, String pgSchema) {
        try {
            writeSync(dir, "bench_plan", "files", "file");
            w.connections().create("files", "file", Map.of("path", FileDestinationProvider.DEFAULT_ROOT), Map.of());
            Warehouse wh = w.warehouse();
            out.printf("planning on %s%s%n", wh.dialect().name(), pgSchema == null ? "" : " in schema " + pgSchema + " (dropped at the end)");
            long t0 = System.nanoTime();
            source(wh, rows);
            out.printf("source: %,d rows generated in %.2f s%n", rows, secs(t0));
            SyncPlanner planner = new SyncPlanner(wh);
            SyncDefinition sync = SyncDefinitions.load(dir.resolve("syncs/bench_plan.yml"));
            SyncState state = w.states().current(sync, wh);
            String plan = SyncPlanner.planTable(sync.id());
            long t1 = System.nanoTime();
            SyncPlanner.PlanCounts first = planner.plan(sync, state.stateTable(), plan);
            out.printf("first plan (empty state): %,d added in %.2f s%n", first.added(), secs(t1));
            // As if the destination acknowledged everything: the state holds every planned row.
            SqlTemplates.statements(wh.dialect(), "syncs/bench.sql#acknowledge_plan", Map.of("state", state.stateTable(), "plan", plan))
                    .forEach(wh::execute);
            SqlTemplates.statements(wh.dialect(), "syncs/bench.sql#baseline_state", Map.of()).forEach(wh::execute);
            long nChanged = change(wh, changed);
            String baselineSql = SqlTemplates.render(wh.dialect(), "syncs/bench.sql#baseline", Map.of());
            long baselineBest = Long.MAX_VALUE;
            long baselineCount = 0;
            long best = Long.MAX_VALUE;
            SyncPlanner.PlanCounts diff = null;
            // Alternated, so a slow spell of the machine hits both alike.
            for (int i = 0; i < 3; i++) {
                long t = System.nanoTime();
                baselineCount = wh.queryList(baselineSql, List.of(), r -> r.getLong(0)).get(0);
                baselineBest = Math.min(baselineBest, System.nanoTime() - t);
                out.printf("baseline %d: %,d changed in %.2f s%n", i + 1, baselineCount, secs(t));
                t = System.nanoTime();
                diff = planner.plan(sync, state.stateTable(), plan);
                best = Math.min(best, System.nanoTime() - t);
                out.printf("diff plan %d: %,d changed of %,d rows in %.2f s%n", i + 1, diff.changed(), rows, secs(t));
            }
            out.printf("RESULT plan: rows=%,d changed=%,d planned=%,d best=%.2f s (%s)%n", rows, nChanged, diff.total(), best / 1e9,
                    diff.total() == nChanged ? "planned == changed" : "MISMATCH");
            out.printf("RESULT baseline (full outer join, md5 row hashes, count only): best=%.2f s (%s); plan / baseline = %.2f%n",
                    baselineBest / 1e9, baselineCount == nChanged ? "counted == changed" : "MISMATCH", (double) best / baselineBest);
            // Folding the acknowledgements of the changed rows into the state: first the warehouse's part alone
            // (sql/syncs/merge_acks.sql), then the whole way through the journal (store, then warehouse). The
            // second folds the same acknowledgements again, which is what a repeat after a crash does.
            List<AckJournal.Ack> acks = wh.queryList(SqlTemplates.render(wh.dialect(), "syncs/bench.sql#plan_hashes",
                    Map.of("plan", plan)), List.of(), r -> new AckJournal.Ack(r.getString(0), Operation.CHANGE, r.getLong(1)));
            long t2 = System.nanoTime();
            AckJournal.mergeIntoState(wh, sync.id(), state.stateTable(), writer -> {
                long seq = 0;
                for (AckJournal.Ack a : acks) {
                    writer.append(a.key(), "change", a.payloadHash(), seq++);
                }
                return seq;
            });
            double warehouseSecs = secs(t2);
            AckJournal journal = w.journal();
            for (int from = 0; from < acks.size(); from += 5_000) {
                journal.record(state, "bench", acks.subList(from, Math.min(acks.size(), from + 5_000)));
            }
            long t3 = System.nanoTime();
            long merged = journal.flush(sync.id(), wh);
            out.printf("RESULT merge: %,d acknowledgements merged into a %,d-row state in %.2f s (the warehouse's part alone);"
                    + " %.2f s through the journal (reading and clearing it in the store, H2 here)%n", merged, rows, warehouseSecs, secs(t3));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void delivery(Path dir) {
        RateLimit limit = RateLimit.perSecond(rate);
        long records = (long) rate * batch * seconds;
        try (World w = world(dir, null); RateLimitedReceiver receiver = new RateLimitedReceiver("bench-secret", limit)) {
            writeSync(dir, "bench_deliver", "hook", "webhook");
            w.connections().create("hook", "webhook", Map.of("url", receiver.url(), "max-batch-size", String.valueOf(batch),
                    "requests-per-second", String.valueOf(rate)), Map.of("signing-secret", "bench-secret"));
            source(w.warehouse(), records);
            SyncExecutor.RunResult run = w.executor().run("bench_deliver", "bench");
            report("first delivery", run, receiver, records, 0, 0);
            receiver.resetWindow();
            long nChanged = change(w.warehouse(), changed);
            long acceptedBefore = receiver.accepted();
            long limitedBefore = receiver.limited();
            SyncExecutor.RunResult second = w.executor().run("bench_deliver", "bench");
            report("changes only", second, receiver, nChanged, acceptedBefore, limitedBefore);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void report(String what, SyncExecutor.RunResult run, RateLimitedReceiver receiver, long expected,
                        long acceptedBefore, long limitedBefore) {
        long accepted = receiver.accepted() - acceptedBefore;
        long limited = receiver.limited() - limitedBefore;
        double secs = run.delivery().toNanos() / 1e9;
        out.printf("RESULT deliver (%s): status=%s planned=%,d sent=%,d succeeded=%,d (expected %,d, %s); %,d requests,"
                        + " delivery %.2f s (with the final journal merge); receiver saw %.2f req/s sustained of %d allowed (%.1f%%);"
                        + " 429 answers: %d of %d requests (%.2f%%)%n",
                what, run.status(), run.planned().total(), run.sent(), run.succeeded(), expected,
                run.sent() == expected ? "sent == changed" : "MISMATCH", accepted, secs, receiver.sustainedRate(), rate,
                100.0 * receiver.sustainedRate() / rate, limited, accepted + limited, 100.0 * limited / Math.max(1, accepted + limited));
    }

    private static double secs(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
