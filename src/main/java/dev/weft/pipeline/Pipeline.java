package dev.weft.pipeline;

import dev.weft.StartupErrors;
import dev.weft.WeftException;
import dev.weft.Workspace;
import dev.weft.audiences.AsOf;
import dev.weft.audiences.Audience;
import dev.weft.audiences.AudienceCatalogue;
import dev.weft.audiences.AudienceRun;
import dev.weft.audiences.AudienceRuns;
import dev.weft.audiences.AudiencesConfig;
import dev.weft.consent.ConsentConfigLoader;
import dev.weft.audiences.PriorityList;
import dev.weft.audiences.PriorityLists;
import dev.weft.identity.IdentityPipeline;
import dev.weft.identity.IdentityService;
import dev.weft.identity.IdentityTables;
import dev.weft.models.Freshness;
import dev.weft.models.FreshnessResult;
import dev.weft.models.ModelProject;
import dev.weft.models.ModelResult;
import dev.weft.models.ModelRunner;
import dev.weft.models.RunOptions;
import dev.weft.models.RunSummary;
import dev.weft.models.SourceFreshnessListener;
import dev.weft.models.SourceWatermark;
import dev.weft.models.Selection;
import dev.weft.syncs.SyncDefinitions;
import dev.weft.syncs.SyncExecutor;
import dev.weft.syncs.SyncPlanner;
import dev.weft.syncs.SyncRuns;
import dev.weft.syncs.SyncScheduler;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseNames;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs the pipeline: builds every stale asset in DAG order with the feature's own runner (the models runner,
 * incremental where a model is; identity, incremental when it can; audience materialization; the sync run) and
 * skips the others, saying why. An asset is stale when its inputs differ from those it was last built from: its
 * definition's hash, a source's watermark, the run that last built a model, identity or audience it reads.
 * A failure skips the assets downstream of it and nothing else. One run at a time in a process.
 *
 * <p>Each read of a source's watermark (at a run, and at each poll) also checks the source's freshness when it declares
 * one, from the same query: the check is kept as the source's latest and told to the {@link SourceFreshnessListener}s
 * (the alerts). A stale source stops nothing downstream, as in dbt, whose {@code build} does not look at freshness.
 */
@Singleton
public class Pipeline {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    static final String DEFINITION = "definition";
    /** Identity's input that is no file: the deletion requests held, which a run applies or (lifted) undoes. */
    static final String DELETION_REQUESTS = "deletion requests";

    private final Workspace workspace;
    private final ModelRunner models;
    private final IdentityService identity;
    private final AudienceCatalogue audiences;
    private final AudienceRuns audienceRuns;
    private final AudiencesConfig audiencesConfig;
    private final PriorityLists priorityLists;
    private final SyncDefinitions syncs;
    private final SyncScheduler syncRunner;
    private final PipelineStore store;
    private final List<SourceFreshnessListener> freshnessListeners;
    private final Semaphore oneAtATime = new Semaphore(1);
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "weft-pipeline");
        t.setDaemon(true);
        return t;
    });

    public Pipeline(Workspace workspace, ModelRunner models, IdentityService identity, AudienceCatalogue audiences,
                    AudienceRuns audienceRuns, AudiencesConfig audiencesConfig, PriorityLists priorityLists, SyncDefinitions syncs,
                    SyncScheduler syncRunner, PipelineStore store, List<SourceFreshnessListener> freshnessListeners) {
        this.workspace = workspace;
        this.models = models;
        this.identity = identity;
        this.audiences = audiences;
        this.audienceRuns = audienceRuns;
        this.audiencesConfig = audiencesConfig;
        this.priorityLists = priorityLists;
        this.syncs = syncs;
        this.syncRunner = syncRunner;
        this.store = store;
        this.freshnessListeners = List.copyOf(freshnessListeners);
    }

    /** The workspace's pipeline as declared now. Models that do not load throw, naming file and line. */
    public PipelineGraph graph() {
        return graph(project(), audiences.list());
    }

    /** The workspace's models; null when it has none (a team building its tables elsewhere still runs the rest). */
    private ModelProject project() {
        return Files.isDirectory(workspace.resolve(ModelProject.MODELS_DIR)) ? models.load(Map.of()) : null;
    }

    private PipelineGraph graph(ModelProject project, List<Audience> audienceList) {
        // A git priority list that is no priority list (invalid) has no asset: a sync reading through it names an unknown input.
        List<PriorityList> lists = priorityLists.list().stream().filter(l -> l.invalid() == null).toList();
        return PipelineGraph.of(project, hasIdentity() ? identity.config() : null, audienceList, lists, audiencesConfig.traits(),
                audiencesConfig.events(), syncs.list(), ConsentConfigLoader.load(workspace.resolve("consent")));
    }

    public PipelineStore runs() {
        return store;
    }

    /**
     * Runs the pipeline in this thread, telling {@code listener} of each asset as it ends; {@code asOf} is where
     * audiences' relative windows end (null: the workspace's weft.audiences.as-of). Throws
     * {@link PipelineBusyException} when a run is in progress in this process.
     */
    public PipelineRun run(String trigger, AsOf asOf, Consumer<AssetResult> listener) {
        if (!oneAtATime.tryAcquire()) {
            throw new PipelineBusyException();
        }
        try {
            String runId = UUID.randomUUID().toString();
            store.begin(runId, trigger, Instant.now());
            return execute(runId, asOf, listener);
        } finally {
            oneAtATime.release();
        }
    }

    /** Starts a run in the background and returns its id at once; {@link PipelineBusyException} when one is running. */
    public String start(String trigger) {
        if (!oneAtATime.tryAcquire()) {
            throw new PipelineBusyException();
        }
        String runId = UUID.randomUUID().toString();
        try {
            store.begin(runId, trigger, Instant.now());
            background.execute(() -> {
                try {
                    execute(runId, null, r -> { });
                } finally {
                    oneAtATime.release();
                }
            });
        } catch (RuntimeException e) {
            oneAtATime.release();
            throw e;
        }
        return runId;
    }

    /**
     * Materializes an audience when it is stale (its definition or an input changed since it was last built),
     * as a scheduled sync of it asks before it runs; a build is recorded as a pipeline run (trigger {@code sync}).
     * Empty when a pipeline run is in progress (it builds the audience itself) or no audience has that id.
     */
    public Optional<AssetResult> refreshAudience(String audienceId) {
        if (!oneAtATime.tryAcquire()) {
            return Optional.empty();
        }
        try {
            List<Audience> audienceList = audiences.list();
            ModelProject project = project();
            PipelineGraph graph = graph(project, audienceList);
            Optional<Asset> asset = graph.asset(Asset.id(Asset.Kind.AUDIENCE, audienceId));
            if (asset.isEmpty()) {
                return Optional.empty();
            }
            String runId = UUID.randomUUID().toString();
            Instant started = Instant.now();
            AssetResult r = new Run(runId, project, graph, audienceList, null).visit(asset.get());
            if (r.outcome() != AssetResult.Outcome.SKIPPED) {
                store.begin(runId, "sync", started);
                store.result(runId, 0, r);
                store.finish(runId, r.outcome() == AssetResult.Outcome.FAILED ? PipelineRun.FAILED : PipelineRun.SUCCEEDED,
                        Instant.now(), null);
            }
            return Optional.of(r);
        } finally {
            oneAtATime.release();
        }
    }

    /** Whether a run is in progress in this process. */
    public boolean running() {
        return oneAtATime.availablePermits() == 0;
    }

    private PipelineRun execute(String runId, AsOf asOf, Consumer<AssetResult> listener) {
        long start = System.nanoTime();
        List<AssetResult> results = new ArrayList<>();
        boolean failed;
        String error = null;
        try {
            List<Audience> audienceList = audiences.list();
            ModelProject project = project();
            PipelineGraph graph = graph(project, audienceList);
            Run run = new Run(runId, project, graph, audienceList, asOf);
            int position = 0;
            for (String id : graph.order()) {
                AssetResult r = run.visit(graph.asset(id).orElseThrow());
                store.result(runId, position++, r);
                results.add(r);
                listener.accept(r);
            }
            recordFreshness(run.freshness);
            failed = results.stream().anyMatch(r -> r.outcome() == AssetResult.Outcome.FAILED);
        } catch (RuntimeException e) {
            // The pipeline itself could not be read (models that do not load, a sync naming no audience).
            error = StartupErrors.describe(e);
            failed = true;
        }
        String status = failed ? PipelineRun.FAILED : PipelineRun.SUCCEEDED;
        store.finish(runId, status, Instant.now(), error);
        PipelineRun done = store.find(runId).orElseThrow();
        LOG.info("pipeline: run {} {} in {} s: {} built, {} changed, {} skipped, {} failed", runId, status,
                String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9), done.count(AssetResult.Outcome.BUILT),
                done.count(AssetResult.Outcome.CHANGED), done.count(AssetResult.Outcome.SKIPPED), done.count(AssetResult.Outcome.FAILED));
        return done;
    }

    /**
     * The poll in {@code weft serve} (one count and one max per source): returns the sources whose watermark moved
     * since the pipeline last saw them, before it starts a run, and checks the freshness of those that declare it.
     */
    public List<String> pollSources() {
        Warehouse w = models.warehouse();
        List<String> changed = new ArrayList<>();
        List<FreshnessResult> freshness = new ArrayList<>();
        for (Asset a : graph().assets()) {
            if (a.kind() == Asset.Kind.SOURCE && w.tableExists(a.table())) {
                SourceWatermark mark = read(w, a);
                if (!store.builtFrom(a.id()).equals(Optional.of(watermark(a, mark)))) {
                    changed.add(a.id());
                }
                freshness(a, mark).ifPresent(freshness::add);
            }
        }
        recordFreshness(freshness);
        return changed;
    }

    /** The source's freshness from its watermark just read; empty when it declares none. */
    private static Optional<FreshnessResult> freshness(Asset source, SourceWatermark mark) {
        return source.freshness() == null ? Optional.empty()
                : Optional.of(FreshnessResult.of(source.name(), source.loadedAtField(), source.freshness(), mark));
    }

    /** Keeps the checks as their sources' latest and tells the listeners (the alerts). */
    private void recordFreshness(List<FreshnessResult> checks) {
        if (!checks.isEmpty()) {
            models.runs().saveFreshness(checks);
            SourceFreshnessListener.tellEach(freshnessListeners, checks);
        }
    }

    /** One run's state: each asset's outcome so far and the current version of each built input. */
    private final class Run {
        private final String runId;
        private final ModelProject project;
        private final PipelineGraph graph;
        private final Map<String, Audience> audienceById;
        private final AsOf asOf;
        private final Warehouse warehouse = models.warehouse();
        private final Map<String, AssetResult> outcomes = new HashMap<>();
        private final Map<String, String> versions = new HashMap<>();
        /** The freshness checks of the sources observed, kept and told at the run's end. */
        private final List<FreshnessResult> freshness = new ArrayList<>();

        Run(String runId, ModelProject project, PipelineGraph graph, List<Audience> audienceList, AsOf asOf) {
            this.runId = runId;
            this.project = project;
            this.graph = graph;
            this.audienceById = audienceList.stream().collect(Collectors.toMap(Audience::id, a -> a, (a, b) -> a, LinkedHashMap::new));
            this.asOf = asOf;
        }

        AssetResult visit(Asset asset) {
            long t0 = System.nanoTime();
            for (String up : asset.upstream()) {
                AssetResult u = outcomes.get(up);
                if (u != null && (u.outcome() == AssetResult.Outcome.FAILED || u.reason().startsWith(BLOCKED))) {
                    return remember(new AssetResult(asset.id(), asset.kind(), AssetResult.Outcome.SKIPPED,
                            BLOCKED + up + (u.outcome() == AssetResult.Outcome.FAILED ? " failed" : " was not built"), 0, null));
                }
            }
            try {
                return remember(asset.kind() == Asset.Kind.SOURCE ? observe(asset, t0) : buildIfStale(asset, t0));
            } catch (RuntimeException e) {
                LOG.warn("pipeline: {} failed: {}", asset.id(), e.getMessage());
                return remember(new AssetResult(asset.id(), asset.kind(), AssetResult.Outcome.FAILED, StartupErrors.describe(e),
                        seconds(t0), null));
            }
        }

        private AssetResult remember(AssetResult r) {
            outcomes.put(r.asset(), r);
            return r;
        }

        /** A source: its watermark now, compared with the one the pipeline saw last. */
        private AssetResult observe(Asset source, long t0) {
            if (!warehouse.tableExists(source.table())) {
                throw new WeftException("table " + source.table() + " does not exist in warehouse '" + warehouse.name() + "'");
            }
            SourceWatermark read = read(warehouse, source);
            Map<String, String> mark = watermark(source, read);
            versions.put(source.id(), mark.toString());
            long rows = read.rows();
            String stale = freshness(source, read).map(f -> {
                freshness.add(f);
                return describe(f);
            }).orElse("");
            Optional<Map<String, String>> seen = store.builtFrom(source.id());
            if (seen.isPresent() && seen.get().equals(mark)) {
                return new AssetResult(source.id(), source.kind(), AssetResult.Outcome.SKIPPED, "no new rows (" + describe(mark) + ")" + stale,
                        seconds(t0), rows);
            }
            store.built(source.id(), mark, runId, Instant.now());
            String reason = seen.map(before -> "changed: " + describe(before) + " -> " + describe(mark)).orElse("first seen: " + describe(mark));
            return new AssetResult(source.id(), source.kind(), AssetResult.Outcome.CHANGED, reason + stale, seconds(t0), rows);
        }

        private AssetResult buildIfStale(Asset asset, long t0) {
            Map<String, String> inputs = new TreeMap<>();
            inputs.put(DEFINITION, definitionHash(asset));
            for (String up : asset.upstream()) {
                inputs.put(up, version(graph.asset(up).orElseThrow()));
            }
            if (asset.kind() == Asset.Kind.IDENTITY) {
                // Absent while none was ever held, so a pipeline from before deletion requests rebuilds nothing.
                identity.heldDeletionRequests().ifPresent(held -> inputs.put(DELETION_REQUESTS, held));
            }
            Optional<Map<String, String>> before = store.builtFrom(asset.id());
            String missing = missingOutput(asset);
            if (before.isPresent() && before.get().equals(inputs) && missing == null) {
                return new AssetResult(asset.id(), asset.kind(), AssetResult.Outcome.SKIPPED, "up to date: no input changed since its last build",
                        seconds(t0), null);
            }
            String why = before.isEmpty() ? "never built by the pipeline" : missing != null ? missing : changes(before.get(), inputs);
            Built built = build(asset);
            if (built.error() != null) {
                return new AssetResult(asset.id(), asset.kind(), AssetResult.Outcome.FAILED, why + "; " + built.error(), seconds(t0), built.rows());
            }
            if (built.skipped() != null) {
                return new AssetResult(asset.id(), asset.kind(), AssetResult.Outcome.SKIPPED, BLOCKED_ELSEWHERE + built.skipped(), seconds(t0), null);
            }
            store.built(asset.id(), inputs, runId, Instant.now());
            versions.remove(asset.id());
            return new AssetResult(asset.id(), asset.kind(), AssetResult.Outcome.BUILT, built.note() == null ? why : why + "; " + built.note(),
                    seconds(t0), built.rows());
        }

        /** What an input is now: a source's watermark, else the id of the run that last built it. */
        private String version(Asset input) {
            String known = versions.get(input.id());
            if (known != null) {
                return known;
            }
            // Not computeIfAbsent: a priority list's version is computed from its audiences' versions.
            String version = switch (input.kind()) {
                case SOURCE -> watermark(warehouse, input).toString();
                case MODEL -> models.runs().lastBuilt(input.name()).orElse("");
                case IDENTITY -> identity.lastRunId().orElse("");
                case AUDIENCE -> audiences.list().stream().filter(a -> a.id().equals(input.name())).findFirst()
                        .map(Audience::lastRun).filter(l -> Audience.LastRun.OK.equals(l.status())).map(Audience.LastRun::runId).orElse("");
                // The cut is its audiences' members in its order: it changes when they are rebuilt or the order changes.
                case PRIORITY_LIST -> definitionHash(input) + input.upstream().stream()
                        .map(a -> version(graph.asset(a).orElseThrow())).collect(Collectors.joining(","));
                case SYNC -> "";
            };
            versions.put(input.id(), version);
            return version;
        }

        private String definitionHash(Asset asset) {
            return WarehouseNames.sha256Hex(switch (asset.kind()) {
                case MODEL -> {
                    var m = project.model(asset.name());
                    yield m.config().materialized().label() + "\n" + m.config().uniqueKey() + "\n" + m.sql()
                            + (m.config().snapshot() == null ? "" : "\n" + m.config().snapshot());
                }
                case IDENTITY -> identityFiles();
                case AUDIENCE -> {
                    Audience a = audienceById.get(asset.name());
                    yield a.version() + "\n" + a.definition() + "\n" + a.invalid() + "\n" + (asOf != null ? asOf : audiencesConfig.defaultAsOf());
                }
                case PRIORITY_LIST -> String.join(",", asset.upstream());
                case SYNC -> Canonical.json(SyncDefinitions.toJson(syncs.get(asset.name())));
                case SOURCE -> "";
            });
        }

        /** Why the asset must be built although its inputs are unchanged: its output is gone. */
        private String missingOutput(Asset asset) {
            String table = switch (asset.kind()) {
                case MODEL -> asset.name();
                case IDENTITY -> IdentityTables.LIVE.profiles();
                default -> null;
            };
            return table != null && !warehouse.tableExists(table) ? "its table " + table + " is missing" : null;
        }

        private Built build(Asset asset) {
            switch (asset.kind()) {
                case MODEL -> {
                    RunOptions one = RunOptions.of(Selection.of(asset.name()));
                    // seeds and snapshots are model assets too, but `run` builds models only (as in dbt)
                    RunSummary s = switch (project.model(asset.name()).config().materialized()) {
                        case SEED -> models.seed(one);
                        case SNAPSHOT -> models.snapshot(one);
                        default -> models.run(one);
                    };
                    ModelResult r = s.results().stream().filter(x -> x.model().equals(asset.name())).findFirst().orElse(null);
                    if (r == null || !r.status().ok()) {
                        return Built.failed(r == null ? "models run " + s.runId() + " failed" : r.error(), null);
                    }
                    return Built.ok(r.rowsAffected());
                }
                case IDENTITY -> {
                    IdentityPipeline.Result r = identity.run(false, m -> { });
                    return Built.ok(r.scopeNodes());
                }
                case AUDIENCE -> {
                    AudienceRun r = audienceRuns.runOne(asset.name(), asOf);
                    return Built.ok(r.size());
                }
                case PRIORITY_LIST -> {
                    return Built.ok(priorityLists.cut(asset.name()));
                }
                case SYNC -> {
                    Optional<SyncExecutor.RunResult> r = syncRunner.runNow(asset.name(), "pipeline", p -> { });
                    if (r.isEmpty()) {
                        return new Built(null, null, "a run of it is in progress elsewhere", null);
                    }
                    if (r.get().status() == SyncRuns.Status.FAILED) {
                        return Built.failed(r.get().error(), r.get().sent());
                    }
                    SyncPlanner.PlanCounts planned = r.get().planned();
                    return new Built(r.get().sent(), null, null, planned == null || planned.withheld().isEmpty() ? null : planned.withheldText());
                }
                default -> throw new IllegalStateException("a source is observed, not built");
            }
        }
    }

    private static final String BLOCKED = "upstream ";
    private static final String BLOCKED_ELSEWHERE = "not run: ";

    /** How building one asset ended: rows, or an error, or skipped (with why) when it cannot run now. */
    /** What building an asset gave; {@code note}: what else its line says (what a sync withheld). */
    private record Built(Long rows, String error, String skipped, String note) {
        static Built ok(Long rows) {
            return new Built(rows, null, null, null);
        }

        static Built failed(String error, Long rows) {
            return new Built(rows, error == null ? "failed" : error, null, null);
        }
    }

    /** Which inputs differ, in words: "its definition changed", "source:raw.raw_events changed", ... */
    static String changes(Map<String, String> before, Map<String, String> now) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : now.entrySet()) {
            if (!e.getValue().equals(before.get(e.getKey()))) {
                out.add(e.getKey().equals(DEFINITION) ? "its definition changed"
                        : e.getKey().equals(DELETION_REQUESTS) ? "deletion requests changed"
                        : e.getKey() + (before.containsKey(e.getKey()) ? (e.getKey().startsWith("source:") ? " has new rows" : " was rebuilt")
                        : " is a new input"));
            }
        }
        before.keySet().stream().filter(k -> !now.containsKey(k))
                .forEach(k -> out.add(k.equals(DELETION_REQUESTS) ? "deletion requests changed" : k + " is no longer an input"));
        return out.isEmpty() ? "rebuilt" : String.join(", ", out);
    }

    /** Each source table's latest freshness check ({@code weft models source-freshness}), by {@code source.table}. */
    public Map<String, FreshnessResult> sourceFreshness() {
        return models.runs().freshness();
    }

    /** A source's row count and, when it declares loaded_at_field, that column's newest value. */
    static Map<String, String> watermark(Warehouse w, Asset source) {
        return watermark(source, read(w, source));
    }

    private static SourceWatermark read(Warehouse w, Asset source) {
        return SourceWatermark.read(w, source.table(), source.schema(), source.loadedAtField());
    }

    private static Map<String, String> watermark(Asset source, SourceWatermark mark) {
        Map<String, String> out = new TreeMap<>();
        out.put("rows", String.valueOf(mark.rows()));
        if (source.loadedAtField() != null) {
            out.put("newest " + source.loadedAtField(), mark.newestText() == null ? "" : mark.newestText());
        }
        return out;
    }

    /** What a source's line adds for its freshness: nothing when it passes, else its status, age and threshold. */
    private static String describe(FreshnessResult f) {
        if (f.status() == Freshness.Status.PASS) {
            return "";
        }
        if (f.error() != null) {
            return "; freshness error: " + f.error();
        }
        return "; freshness " + f.status().label() + ": newest " + f.loadedAtField() + " is " + f.age().toSeconds() + " s old ("
                + (f.status() == Freshness.Status.ERROR ? "error_after " + f.errorAfter().toSeconds() : "warn_after " + f.warnAfter().toSeconds())
                + " s)";
    }

    private static String describe(Map<String, String> mark) {
        return mark.entrySet().stream().map(e -> e.getKey().equals("rows") ? e.getValue() + " rows" : e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private boolean hasIdentity() {
        return Files.isDirectory(workspace.resolve("identity-graph"));
    }

    /** The identity-graph/ files' text, in name order: identity's definition. */
    private String identityFiles() {
        try (Stream<Path> files = Files.list(workspace.resolve("identity-graph"))) {
            StringBuilder all = new StringBuilder();
            for (Path f : files.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList()) {
                all.append(f.getFileName()).append('\n').append(Files.readString(f, StandardCharsets.UTF_8)).append('\n');
            }
            return all.toString();
        } catch (IOException e) {
            throw new WeftException("cannot read identity-graph/: " + e.getMessage(), e);
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
