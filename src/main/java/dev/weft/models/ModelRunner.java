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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs models in the warehouse: loads and compiles the project, then builds the selected models (and,
 * for {@code test} and {@code build}, runs their schema tests) in DAG order on a bounded pool, each as soon
 * as everything it waits for has succeeded. When a model or test fails, what waits on it is skipped and
 * every other branch keeps running. Each run, and each model's status, duration, rows, compiled SQL (and
 * its hash), error and commit, is recorded in the store; the SQL sent is also written under
 * {@code .weft/compiled/}, and a successful run records the state {@code state:} selectors compare with.
 *
 * <p>This is the Java API the demo pipeline calls, e.g. {@code run(Selection.excluding("source:weft+"))}
 * before identity resolution and {@code run(Selection.of("source:weft+"))} after it.
 */
public class ModelRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRunner.class);

    public static final String KIND_RUN = "models";
    public static final String KIND_TEST = "models.test";
    public static final String KIND_BUILD = "models.build";
    public static final String KIND_SEED = "models.seed";
    public static final String KIND_SNAPSHOT = "models.snapshot";

    private final Warehouse warehouse;
    private final Path workspaceRoot;
    private final Path stateDir;
    private final ModelRunStore runs;
    private final int threads;
    private final ModelMetrics metrics;
    private final AuditLog audit;
    // Background runs (REST) go one at a time: two runs building the same tables at once would race.
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> daemon(r, "weft-models-background"));

    /** {@code stateDir} is the workspace's {@code .weft}: the git cache, compiled SQL and the last successful run's state. */
    public ModelRunner(Warehouse warehouse, Path workspaceRoot, Path stateDir, ModelRunStore runs, int threads, ModelMetrics metrics,
                       AuditLog audit) {
        if (threads < 1) {
            throw new WeftException("weft.models.threads must be at least 1, got " + threads);
        }
        this.warehouse = warehouse;
        this.workspaceRoot = workspaceRoot;
        this.stateDir = stateDir;
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
     * dbt's {@code build}: builds the selected models and runs their tests in DAG order; a model waits for the
     * tests of the models it refs, so a failing test skips that model's descendants and nothing else.
     */
    public RunSummary build(RunOptions options) {
        return execute(prepare(options, KIND_BUILD));
    }

    /** dbt's {@code seed}: loads the selected seeds (CSV files under {@code models/seeds/}) as tables, replacing them. */
    public RunSummary seed(RunOptions options) {
        return execute(prepare(options, KIND_SEED));
    }

    /** dbt's {@code snapshot}: runs the selected snapshots (blocks under {@code snapshots/}), adding their history rows. */
    public RunSummary snapshot(RunOptions options) {
        return execute(prepare(options, KIND_SNAPSHOT));
    }

    /**
     * dbt's {@code source freshness}: checks each selected source table that declares {@code freshness}, measuring its
     * newest {@code loaded_at_field} value against the warehouse's time with the pipeline's watermark query, and keeps
     * the results as the tables' latest ({@link ModelRunStore#freshness()}).
     */
    public List<FreshnessResult> sourceFreshness(RunOptions options) {
        ModelProject project = load(options.vars());
        Selection.Selected selected = options.selection().select(project, ModelState.load(stateDir).orElse(null));
        selected.warnings().forEach(options.listener()::warned);
        List<FreshnessResult> results = selected.sources().stream().map(project.sources()::get)
                .filter(t -> t.freshness() != null).map(this::checkFreshness).toList();
        runs.saveFreshness(results);
        return results;
    }

    private FreshnessResult checkFreshness(SourceTable t) {
        if (t.loadedAtField() == null) {
            return FreshnessResult.failed(t.key(), null, t.freshness(), Instant.now(),
                    "no loaded_at_field: declare the column that says when a row arrived");
        }
        try {
            return FreshnessResult.of(t.key(), t.loadedAtField(), t.freshness(),
                    SourceWatermark.read(warehouse, t.identifier(), t.schema(), t.loadedAtField()));
        } catch (RuntimeException e) {
            return FreshnessResult.failed(t.key(), t.loadedAtField(), t.freshness(), Instant.now(), StartupErrors.describe(e));
        }
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

    /** The last successful run's state, which {@code state:} selectors compare against. */
    public java.util.Optional<ModelState> state() {
        return ModelState.load(stateDir);
    }

    public ModelRunStore runs() {
        return runs;
    }

    /** Fetches a remote workspace into the git cache and checks out {@code ref}. */
    public GitWorkspaces.Checkout fetch(String url, String ref) {
        return GitWorkspaces.fetch(url, ref, stateDir.resolve("git"));
    }

    private record Prepared(String runId, String kind, ModelProject project, Selection.Selected selected,
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
        Selection.Selected selected = options.selection().select(project, ModelState.load(stateDir).orElse(null));
        selected.warnings().forEach(w -> {
            LOG.warn("models: {}", w);
            options.listener().warned(w);
        });
        String runId = UUID.randomUUID().toString();
        Instant started = Instant.now();
        runs.begin(runId, kind, options.selection().toString(), warehouse.name(), git, started);
        if (!kind.equals(KIND_TEST)) {
            audit.record("models.run", "models_run", runId, null, new RunRequested(options.selection().select(),
                    options.selection().exclude(), options.fullRefresh(), git == null ? null : git.commitSha()));
        }
        return new Prepared(runId, kind, project, selected, options, started);
    }

    private RunSummary execute(Prepared p) {
        LOG.info("models: {} {} started ({} models, {} tests selected)", p.kind, p.runId, p.selected.models().size(),
                p.selected.tests().size());
        List<ModelResult> results;
        String failure = null;
        try {
            results = runSteps(p);
        } catch (RuntimeException e) {
            results = List.of();
            failure = StartupErrors.describe(e);
        }
        boolean ok = failure == null && results.stream().allMatch(r -> r.status().ok());
        String status = ok ? "success" : "error";
        if (ok) {
            List<String> built = p.kind.equals(KIND_TEST) ? List.of()
                    : p.selected.models().stream().filter(m -> builds(p.kind, p.project.model(m))).toList();
            boolean tested = p.kind.equals(KIND_TEST) || p.kind.equals(KIND_BUILD);
            ModelState.save(stateDir, p.project, built, tested ? p.selected.tests() : List.of());
        }
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

    /**
     * One unit of a run: a model to build or a schema test to run. A step starts once every step it
     * waits for has succeeded; when one fails, every step that waits on it, directly or not, is skipped.
     */
    private record Step(String name, Model model, SchemaTest test) {
    }

    /** The steps of a run, test or build, and what each waits for: its selected upstream models and, in a build, their tests. */
    private static Map<Step, Set<Step>> plan(Prepared p) {
        ModelGraph graph = p.project.graph();
        boolean models = !p.kind.equals(KIND_TEST);
        boolean tests = p.kind.equals(KIND_TEST) || p.kind.equals(KIND_BUILD);
        Map<String, Step> modelSteps = new LinkedHashMap<>();
        if (models) {
            p.selected.models().stream().map(p.project::model).filter(m -> builds(p.kind, m))
                    .forEach(m -> modelSteps.put(m.name(), new Step(m.name(), m, null)));
        }
        Map<String, List<Step>> testsByModel = new HashMap<>();
        Map<Step, Set<Step>> waits = new LinkedHashMap<>();
        modelSteps.values().forEach(s -> waits.put(s, new LinkedHashSet<>()));
        if (tests) {
            for (SchemaTest t : p.selected.tests()) {
                Step step = new Step(t.name(), null, t);
                Set<Step> on = new LinkedHashSet<>();
                Stream.of(t.model(), t.toModel()).filter(modelSteps::containsKey).forEach(m -> on.add(modelSteps.get(m)));
                waits.put(step, on);
                testsByModel.computeIfAbsent(t.model(), k -> new ArrayList<>()).add(step);
            }
        }
        for (Step s : modelSteps.values()) {
            for (String up : graph.upstream(s.name())) {
                if (modelSteps.containsKey(up)) {
                    waits.get(s).add(modelSteps.get(up));
                    // dbt build: a model waits for the tests of the models it refs, so a failing test stops it
                    waits.get(s).addAll(testsByModel.getOrDefault(up, List.of()));
                }
            }
        }
        return waits;
    }

    /** As in dbt: {@code run} builds models only, {@code seed} loads seeds, {@code snapshot} runs snapshots; {@code build} does all. */
    private static boolean builds(String kind, Model model) {
        return kind.equals(KIND_BUILD) || switch (model.config().materialized()) {
            case SEED -> kind.equals(KIND_SEED);
            case SNAPSHOT -> kind.equals(KIND_SNAPSHOT);
            default -> kind.equals(KIND_RUN);
        };
    }

    /** Runs the steps on a pool of {@code threads}, each as soon as what it waits for has succeeded. */
    private List<ModelResult> runSteps(Prepared p) {
        Map<Step, Set<Step>> waits = plan(p);
        Map<Step, Set<Step>> dependents = new HashMap<>();
        Map<Step, Integer> waiting = new HashMap<>();
        waits.forEach((step, on) -> {
            waiting.put(step, on.size());
            on.forEach(o -> dependents.computeIfAbsent(o, k -> new LinkedHashSet<>()).add(step));
        });
        p.options.listener().planned(p.runId, waits.keySet().stream().map(Step::name).toList());
        List<ModelResult> results = new ArrayList<>();
        Set<Step> finished = new HashSet<>();
        String stopped = null;
        int threads = p.options.threads() == null ? this.threads : p.options.threads();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> daemon(r, "weft-models"));
        try {
            CompletionService<ModelResult> done = new ExecutorCompletionService<>(pool);
            Map<String, Step> running = new HashMap<>();
            // steps whose inputs are built, in plan order; at most `threads` run, so --fail-fast starts nothing more
            Deque<Step> ready = new ArrayDeque<>();
            waits.keySet().stream().filter(s -> waiting.get(s) == 0).forEach(ready::add);
            while (true) {
                while (stopped == null && running.size() < threads && !ready.isEmpty()) {
                    submit(done, p, ready.poll(), running);
                }
                if (running.isEmpty()) {
                    break;
                }
                ModelResult r = take(done);
                Step step = running.remove(r.name());
                finished.add(step);
                record(p, r, results);
                if (r.status().ok()) {
                    for (Step next : dependents.getOrDefault(step, Set.of())) {
                        if (!finished.contains(next) && waiting.merge(next, -1, Integer::sum) == 0) {
                            ready.add(next);
                        }
                    }
                    continue;
                }
                String reason = step.test() == null ? "skipped: upstream model " + step.name() + " failed"
                        : "skipped: test " + step.name() + " of upstream model " + step.test().model() + " failed";
                for (Step next : reach(step, dependents)) {
                    if (finished.add(next)) {
                        record(p, skipped(next, reason), results);
                    }
                }
                if (p.options.failFast() && stopped == null) {
                    stopped = "skipped: --fail-fast stopped the run after " + step.name() + " failed";
                }
            }
            for (Step s : waits.keySet()) {
                if (finished.add(s)) { // only --fail-fast leaves steps unstarted
                    record(p, skipped(s, stopped), results);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return results;
    }

    private static Set<Step> reach(Step from, Map<Step, Set<Step>> edges) {
        Set<Step> seen = new LinkedHashSet<>();
        Deque<Step> todo = new ArrayDeque<>(edges.getOrDefault(from, Set.of()));
        while (!todo.isEmpty()) {
            Step next = todo.pop();
            if (seen.add(next)) {
                todo.addAll(edges.getOrDefault(next, Set.of()));
            }
        }
        return seen;
    }

    private static ModelResult skipped(Step s, String reason) {
        return s.test() == null
                ? new ModelResult(s.name(), "model", s.name(), s.model().config().materialized().label(),
                ModelResult.Status.SKIPPED, Instant.now(), 0, null, null, null, reason)
                : new ModelResult(s.name(), "test", s.test().model(), null, ModelResult.Status.SKIPPED, Instant.now(), 0,
                null, null, null, reason);
    }

    private void submit(CompletionService<ModelResult> done, Prepared p, Step step, Map<String, Step> running) {
        running.put(step.name(), step);
        done.submit(() -> step.test() == null ? build(p, step.model()) : runTest(step.test(), p.options.failingRows()));
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
        List<String> sent = new ArrayList<>();
        Path compiled = compiledDir().resolve(ModelProject.compiledPath(model));
        try {
            ModelConfig config = model.config();
            if (config.materialized() == ModelConfig.Materialization.SEED) {
                long rows = Seeds.load(warehouse, model, p.project.columnTypes(name), sent);
                dropIfOtherKind(d.dropViewIfExists(name));
                warehouse.executeAll(Materializations.swapIn(d, name));
                return new ModelResult(name, "model", name, config.materialized().label(), ModelResult.Status.SUCCESS,
                        started, millisSince(t0), rows, sha256(model.sql()), null, null);
            }
            if (config.materialized() == ModelConfig.Materialization.SNAPSHOT) {
                sql = model.sql();
                ModelProject.writeFile(compiled, sql);
                long rows = Snapshots.run(warehouse, model, sent);
                return new ModelResult(name, "model", name, config.materialized().label(), ModelResult.Status.SUCCESS,
                        started, millisSince(t0), rows, sha256(sql), sql, null);
            }
            boolean incremental = config.materialized() == ModelConfig.Materialization.INCREMENTAL
                    && !p.options.fullRefresh() && warehouse.tableExists(name);
            sql = p.project.compile(model, incremental);
            List<String> added = incremental ? newColumns(d, name, sql) : List.of();
            if (!added.isEmpty()) {
                // A column the table lacks would be left out of every later merge (or stay NULL where a hook
                // relies on it): the model is built in full instead, as --full-refresh would.
                LOG.info("model {}: new columns {}: built in full", name, added);
                incremental = false;
                sql = model.sql();
            }
            ModelProject.writeFile(compiled, sql);
            executeAll(p.project.hooks(model, config.preHook(), incremental), sent);
            Long rows;
            switch (config.materialized()) {
                case VIEW -> {
                    dropIfOtherKind(d.dropTableIfExists(name));
                    executeAll(Materializations.view(d, name, sql), sent);
                    rows = null;
                }
                case TABLE -> rows = buildTable(d, name, sql, sent);
                case INCREMENTAL -> rows = incremental ? mergeIncrement(d, model, sql, sent) : buildTable(d, name, sql, sent);
                default -> throw new IllegalStateException(config.materialized().name());
            }
            executeAll(p.project.hooks(model, config.postHook(), incremental), sent);
            return new ModelResult(name, "model", name, config.materialized().label(), ModelResult.Status.SUCCESS,
                    started, millisSince(t0), rows, sha256(sql), sql, null);
        } catch (RuntimeException e) {
            String error = sql == null ? StartupErrors.describe(e)
                    : ModelErrors.describe(model, sql, sent, StartupErrors.describe(e), display(compiled));
            return new ModelResult(name, "model", name, model.config().materialized().label(), ModelResult.Status.ERROR,
                    started, millisSince(t0), null, sql == null ? null : sha256(sql), sql, error);
        }
    }

    private void executeAll(List<String> statements, List<String> sent) {
        sent.addAll(statements);
        warehouse.executeAll(statements);
    }

    /** Where a run writes the SQL it sends: {@code .weft/compiled/<engine>/}, as {@code weft models compile} does. */
    private Path compiledDir() {
        return stateDir.resolve("compiled").resolve(warehouse.dialect().name());
    }

    /** A path as the user can open it: relative to the workspace when inside it. */
    private String display(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path root = workspaceRoot.toAbsolutePath().normalize();
        return (abs.startsWith(root) ? root.relativize(abs) : abs).toString().replace('\\', '/');
    }

    private long buildTable(Dialect d, String name, String sql, List<String> sent) {
        executeAll(Materializations.buildStaging(d, name, sql), sent);
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

    /** The columns the model's SELECT gives that its table lacks (read from a view of the SELECT, dropped after). */
    private List<String> newColumns(Dialect d, String name, String sql) {
        String probe = Materializations.stagingName(name);
        warehouse.executeAll(Materializations.view(d, probe, sql));
        try {
            Set<String> existing = warehouse.describeTable(name).orElseThrow().columns().stream()
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
            return warehouse.describeTable(probe).orElseThrow().columns().stream().map(TableInfo.ColumnInfo::name)
                    .filter(c -> !existing.contains(c.toLowerCase(Locale.ROOT))).toList();
        } finally {
            warehouse.execute(d.dropViewIfExists(probe));
        }
    }

    private Long mergeIncrement(Dialect d, Model model, String sql, List<String> sent) {
        String name = model.name();
        List<String> columns = warehouse.describeTable(name).orElseThrow(() -> new WeftException("table " + name + " vanished"))
                .columns().stream().map(TableInfo.ColumnInfo::name).toList();
        List<String> key = model.config().uniqueKey();
        String statement = key.isEmpty() ? Materializations.append(d, name, sql, columns)
                : Materializations.merge(d, name, sql, key, columns);
        sent.add(statement);
        long rows = warehouse.execute(statement);
        return rows < 0 ? null : rows;
    }

    private ModelResult runTest(SchemaTest t, int failingRowsShown) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Dialect d = warehouse.dialect();
        String sql = null;
        try {
            sql = Materializations.test(d, t);
            List<Object> binds = Materializations.testBinds(t);
            Path compiled = compiledDir().resolve("tests").resolve(t.name() + ".sql");
            ModelProject.writeFile(compiled, "-- " + t.name() + " (" + t.file() + " line " + t.line() + "): the rows that fail it"
                    + (binds.isEmpty() ? "" : "; ? are " + binds) + "\n" + Materializations.failingRows(d, t));
            long failing = warehouse.queryList(sql, binds, r -> r.getLong(0)).get(0);
            String error = null;
            if (failing > 0) {
                List<List<String>> sample = new ArrayList<>();
                if (failingRowsShown > 0) {
                    warehouse.query(Materializations.testSample(d, t, failingRowsShown), binds, row -> {
                        if (sample.isEmpty()) {
                            sample.add(cells(row, i -> row.columnName(i)));
                        }
                        sample.add(cells(row, i -> String.valueOf(row.getObject(i))));
                    });
                }
                error = failing + " failing rows (" + t.file() + " line " + t.line() + "); compiled SQL: " + display(compiled)
                        + (sample.isEmpty() ? "" : "\n" + FailingRows.table(sample, failing));
            }
            return new ModelResult(t.name(), "test", t.model(), null, failing == 0 ? ModelResult.Status.PASS : ModelResult.Status.FAIL,
                    started, millisSince(t0), failing, sha256(sql), sql, error);
        } catch (RuntimeException e) {
            return new ModelResult(t.name(), "test", t.model(), null, ModelResult.Status.ERROR, started, millisSince(t0),
                    null, sql == null ? null : sha256(sql), sql, t.file() + " line " + t.line() + ": " + StartupErrors.describe(e));
        }
    }

    private static List<String> cells(dev.weft.warehouse.Row row, java.util.function.IntFunction<String> cell) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < row.columnCount(); i++) {
            out.add(cell.apply(i));
        }
        return out;
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
