package dev.weft.models;

import dev.weft.StartupErrors;
import dev.weft.WeftException;
import dev.weft.audit.AuditLog;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.TableInfo;
import dev.weft.warehouse.Warehouse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Runs models in the warehouse: loads and compiles the project, then builds the selected models in
 * DAG order on a bounded pool, each as soon as everything it refs is built. When a model fails its
 * descendants are skipped and every other branch keeps running. Each run, and each model's status,
 * duration, rows, compiled SQL (and its hash), error and commit, is recorded in the store.
 *
 * <p>This is the Java API the demo pipeline calls, e.g. {@code run(Selection.excluding("source:weft+"))}
 * before identity resolution and {@code run(Selection.of("source:weft+"))} after it.
 */
public class ModelRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRunner.class);

    public static final String KIND_RUN = "models";
    public static final String KIND_TEST = "models.test";

    private final Warehouse warehouse;
    private final Path workspaceRoot;
    private final Path gitCache;
    private final ModelRunStore runs;
    private final int threads;
    private final ModelMetrics metrics;
    private final AuditLog audit;
    // Background runs (REST) go one at a time: two runs building the same tables at once would race.
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> daemon(r, "weft-models-background"));

    public ModelRunner(Warehouse warehouse, Path workspaceRoot, Path gitCache, ModelRunStore runs, int threads, ModelMetrics metrics,
                       AuditLog audit) {
        if (threads < 1) {
            throw new WeftException("weft.models.threads must be at least 1, got " + threads);
        }
        this.warehouse = warehouse;
        this.workspaceRoot = workspaceRoot;
        this.gitCache = gitCache;
        this.runs = runs;
        this.threads = threads;
        this.metrics = metrics;
        this.audit = audit;
    }

    public Warehouse warehouse() {
        return warehouse;
    }

    /** Runs the selected models of the workspace. */
    public RunSummary run(Selection selection) {
        return run(RunOptions.of(selection));
    }

    public RunSummary run(RunOptions options) {
        return execute(prepare(options, KIND_RUN));
    }

    /** Runs the schema tests of the selected models. */
    public RunSummary test(RunOptions options) {
        return execute(prepare(options, KIND_TEST));
    }

    /**
     * Loads and checks the project, records the run as running and builds it in the background;
     * returns the run's id at once. Problems in the project (Jinja, refs, cycles) throw here.
     */
    public String start(RunOptions options) {
        Prepared p = prepare(options, KIND_RUN);
        background.submit(() -> execute(p));
        return p.runId;
    }

    /** The workspace's project compiled for this warehouse (no run). */
    public ModelProject load(Map<String, String> vars) {
        return ModelProject.load(workspaceRoot, warehouse.dialect(), warehouse.name(), vars);
    }

    public ModelRunStore runs() {
        return runs;
    }

    /** Fetches a remote workspace into the git cache and checks out {@code ref}. */
    public GitWorkspaces.Checkout fetch(String url, String ref) {
        return GitWorkspaces.fetch(url, ref, gitCache);
    }

    private record Prepared(String runId, String kind, ModelProject project, List<String> selected,
                            RunOptions options, Instant startedAt) {
    }

    /** What the audit log keeps of a run someone asked for: never the vars or the git URL, which may hold secrets. */
    record RunRequested(List<String> select, List<String> exclude, boolean fullRefresh, String commitSha) {
    }

    private Prepared prepare(RunOptions options, String kind) {
        Path root = workspaceRoot;
        GitState git;
        if (options.gitUrl() != null) {
            GitWorkspaces.Checkout checkout = fetch(options.gitUrl(), options.gitRef() == null ? "main" : options.gitRef());
            root = checkout.root();
            git = checkout.git();
        } else {
            git = GitWorkspaces.local(root).orElse(null);
        }
        ModelProject project = ModelProject.load(root, warehouse.dialect(), warehouse.name(), options.vars());
        List<String> selected = options.selection().resolve(project);
        String runId = UUID.randomUUID().toString();
        Instant started = Instant.now();
        runs.begin(runId, kind, options.selection().toString(), warehouse.name(), git, started);
        if (kind.equals(KIND_RUN)) {
            audit.record("models.run", "models_run", runId, null, new RunRequested(options.selection().select(),
                    options.selection().exclude(), options.fullRefresh(), git == null ? null : git.commitSha()));
        }
        return new Prepared(runId, kind, project, selected, options, started);
    }

    private RunSummary execute(Prepared p) {
        LOG.info("models: {} {} started ({} models selected)", p.kind, p.runId, p.selected.size());
        List<ModelResult> results;
        String failure = null;
        try {
            results = p.kind.equals(KIND_TEST) ? runTests(p) : runModels(p);
        } catch (RuntimeException e) {
            results = List.of();
            failure = StartupErrors.describe(e);
        }
        boolean ok = failure == null && results.stream().allMatch(r -> r.status().ok());
        String status = ok ? "success" : "error";
        Instant finished = Instant.now();
        runs.finish(p.runId, status, finished, failure);
        metrics.runFinished(p.kind, status, Duration.between(p.startedAt, finished), results);
        Map<ModelResult.Status, Long> byStatus = results.stream()
                .collect(Collectors.groupingBy(ModelResult::status, () -> new EnumMap<>(ModelResult.Status.class), Collectors.counting()));
        String line = String.format(Locale.ROOT, "models: %s %s %s in %.1f s: %s%s", p.kind, p.runId, status,
                Duration.between(p.startedAt, finished).toMillis() / 1000.0, byStatus, failure == null ? "" : "; " + failure);
        if (ok) {
            LOG.info("{}", line);
        } else {
            LOG.warn("{}", line);
        }
        return runs.find(p.runId).orElseThrow();
    }

    private List<ModelResult> runModels(Prepared p) {
        ModelProject project = p.project;
        ModelGraph graph = project.graph();
        Set<String> selected = new HashSet<>(p.selected);
        p.options.listener().planned(p.runId, p.selected);

        Map<String, Integer> waiting = new HashMap<>();
        for (String m : p.selected) {
            waiting.put(m, (int) graph.upstream(m).stream().filter(selected::contains).count());
        }
        List<ModelResult> results = new ArrayList<>();
        Set<String> skipped = new HashSet<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> daemon(r, "weft-models"));
        try {
            CompletionService<ModelResult> done = new ExecutorCompletionService<>(pool);
            int running = 0;
            for (String m : p.selected) {
                if (waiting.get(m) == 0) {
                    submit(done, p, m);
                    running++;
                }
            }
            while (running > 0) {
                ModelResult r = take(done);
                running--;
                record(p, r, results);
                if (r.status().ok()) {
                    for (String child : graph.downstream(r.model())) {
                        if (selected.contains(child) && !skipped.contains(child) && waiting.merge(child, -1, Integer::sum) == 0) {
                            submit(done, p, child);
                            running++;
                        }
                    }
                } else {
                    for (String d : graph.ordered(graph.descendants(r.model()))) {
                        if (selected.contains(d) && skipped.add(d)) {
                            Model model = project.model(d);
                            record(p, new ModelResult(d, "model", d, model.config().materialized().label(),
                                    ModelResult.Status.SKIPPED, Instant.now(), 0, null, null, null,
                                    "skipped: upstream model " + r.model() + " failed"), results);
                        }
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return results;
    }

    private void submit(CompletionService<ModelResult> done, Prepared p, String model) {
        done.submit(() -> build(p, p.project.model(model)));
    }

    private void record(Prepared p, ModelResult r, List<ModelResult> results) {
        runs.result(p.runId, r);
        results.add(r);
        p.options.listener().finished(r);
    }

    /** Builds one model; a failure becomes an error result, never an exception. */
    private ModelResult build(Prepared p, Model model) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Dialect d = warehouse.dialect();
        String name = model.name();
        String sql = null;
        try {
            ModelConfig config = model.config();
            boolean incremental = config.materialized() == ModelConfig.Materialization.INCREMENTAL
                    && !p.options.fullRefresh() && warehouse.tableExists(name);
            sql = p.project.compile(model, incremental);
            Long rows;
            switch (config.materialized()) {
                case VIEW -> {
                    dropIfOtherKind(d.dropTableIfExists(name));
                    warehouse.executeAll(Materializations.view(d, name, sql));
                    rows = null;
                }
                case TABLE -> rows = buildTable(d, name, sql);
                case INCREMENTAL -> rows = incremental ? mergeIncrement(d, model, sql) : buildTable(d, name, sql);
                default -> throw new IllegalStateException(config.materialized().name());
            }
            return new ModelResult(name, "model", name, config.materialized().label(), ModelResult.Status.SUCCESS,
                    started, millisSince(t0), rows, sha256(sql), sql, null);
        } catch (RuntimeException e) {
            return new ModelResult(name, "model", name, model.config().materialized().label(), ModelResult.Status.ERROR,
                    started, millisSince(t0), null, sql == null ? null : sha256(sql), sql, StartupErrors.describe(e));
        }
    }

    private long buildTable(Dialect d, String name, String sql) {
        warehouse.executeAll(Materializations.buildStaging(d, name, sql));
        dropIfOtherKind(d.dropViewIfExists(name));
        warehouse.executeAll(Materializations.swapIn(d, name));
        return warehouse.queryLong(Materializations.rowCount(d, name)).orElse(0L);
    }

    /**
     * A model whose materialization changed (view to table or back) finds the other kind of object under
     * its name. Dropping "the other kind" fails when the object is of the right kind, which is fine: the
     * engines have no portable "drop whatever this is", and the catalogue views differ per engine.
     */
    private void dropIfOtherKind(String drop) {
        try {
            warehouse.execute(drop);
        } catch (WeftException e) {
            // the object under that name is already of the kind we build, or there is none
        }
    }

    private Long mergeIncrement(Dialect d, Model model, String sql) {
        String name = model.name();
        List<String> columns = warehouse.describeTable(name).orElseThrow(() -> new WeftException("table " + name + " vanished"))
                .columns().stream().map(TableInfo.ColumnInfo::name).toList();
        List<String> key = model.config().uniqueKey();
        String statement = key.isEmpty() ? Materializations.append(d, name, sql, columns)
                : Materializations.merge(d, name, sql, key, columns);
        long rows = warehouse.execute(statement);
        return rows < 0 ? null : rows;
    }

    private List<ModelResult> runTests(Prepared p) {
        Set<String> selected = new HashSet<>(p.selected);
        List<SchemaTest> tests = p.project.tests().stream().filter(t -> selected.contains(t.model())).toList();
        p.options.listener().planned(p.runId, tests.stream().map(SchemaTest::name).toList());
        List<ModelResult> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> daemon(r, "weft-models-tests"));
        try {
            CompletionService<ModelResult> done = new ExecutorCompletionService<>(pool);
            tests.forEach(t -> done.submit(() -> runTest(t)));
            for (int i = 0; i < tests.size(); i++) {
                record(p, take(done), results);
            }
        } finally {
            pool.shutdownNow();
        }
        return results;
    }

    private ModelResult runTest(SchemaTest t) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        String sql = null;
        try {
            sql = Materializations.test(warehouse.dialect(), t);
            long failing = warehouse.queryList(sql, Materializations.testBinds(t), r -> r.getLong(0)).get(0);
            return new ModelResult(t.name(), "test", t.model(), null, failing == 0 ? ModelResult.Status.PASS : ModelResult.Status.FAIL,
                    started, millisSince(t0), failing, sha256(sql), sql,
                    failing == 0 ? null : failing + " failing rows (" + t.file() + " line " + t.line() + ")");
        } catch (RuntimeException e) {
            return new ModelResult(t.name(), "test", t.model(), null, ModelResult.Status.ERROR, started, millisSince(t0),
                    null, sql == null ? null : sha256(sql), sql, StartupErrors.describe(e));
        }
    }

    private static ModelResult take(CompletionService<ModelResult> done) {
        try {
            return done.take().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WeftException("models run interrupted", e);
        } catch (ExecutionException e) {
            throw new WeftException("models run failed: " + StartupErrors.describe(e.getCause()), e.getCause());
        }
    }

    private static long millisSince(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0).toMillis();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
