package dev.weft.identity;

import dev.weft.WeftException;
import dev.weft.Workspace;
import dev.weft.audit.AuditLog;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseNames;
import dev.weft.warehouse.Warehouses;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The identity feature's entry point for the CLI and the API: config from the workspace, the primary warehouse. */
@Singleton
public class IdentityService {

    private static final Logger LOG = LoggerFactory.getLogger(IdentityService.class);

    /** The seed of the contraction's priorities; any value gives the same components. */
    public static final long SEED = 0x5eedL;

    private final Workspace workspace;
    private final Warehouses warehouses;
    private final IdentityMetrics metrics;
    private final AuditLog audit;
    private final DeletionRequests deletions;

    public IdentityService(Workspace workspace, Warehouses warehouses, IdentityMetrics metrics, AuditLog audit,
                           DeletionRequests deletions) {
        this.workspace = workspace;
        this.warehouses = warehouses;
        this.metrics = metrics;
        this.audit = audit;
        this.deletions = deletions;
    }

    public IdentityConfig config() {
        return IdentityConfigLoader.load(workspace.resolve("identity-graph"), warehouse());
    }

    public Warehouse warehouse() {
        return warehouses.primary();
    }

    /** What the audit log keeps of an identity run. */
    record RunOutcome(boolean full, long scopeNodes, int rounds, Map<String, Long> changes) {
    }

    /** A run, logged when it starts and when it ends (with its scope, rounds and changes, or its failure). */
    public IdentityPipeline.Result run(boolean full, IdentityPipeline.Progress progress) {
        LOG.info("identity: run started ({})", full ? "full requested" : "incremental when possible");
        long start = System.nanoTime();
        IdentityPipeline.Result r;
        Instant started = Instant.now();
        try {
            r = new IdentityPipeline(warehouse(), config(), IdentityTables.LIVE, SEED).run(full, progress);
        } catch (RuntimeException e) {
            LOG.warn("identity: run failed after {} s: {}", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9),
                    e.getMessage());
            metrics.runFailed(Duration.ofNanos(System.nanoTime() - start));
            throw e;
        }
        LOG.info("identity: {} succeeded in {} s: {}, {} identifiers in scope, {} rounds, changes {}", r.runId(),
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9), r.full() ? "full" : "incremental",
                r.scopeNodes(), r.rounds(), r.changes());
        metrics.runSucceeded(r, Duration.ofNanos(System.nanoTime() - start),
                IdentityStatements.count(warehouse(), IdentityTables.LIVE.profiles()));
        audit.record("identity.run", "identity_run", r.runId(), null, new RunOutcome(r.full(), r.scopeNodes(), r.rounds(), r.changes()));
        recordApplied(r.runId(), started);
        return r;
    }

    /** The deletion requests pending before the run started are applied by it: their outcome goes on record. */
    private void recordApplied(String runId, Instant started) {
        Warehouse wh = warehouse();
        Map<String, Long> left = new HashMap<>();
        wh.query(IdentityStatements.statement(wh, "forget.sql#of_run", Map.of("t", IdentityTables.LIVE.asMap())), List.of(runId),
                row -> left.merge(row.getString(0) + ":" + WarehouseNames.sha256Hex(row.getString(1)), 1L, Long::sum));
        for (DeletionRequests.DeletionRequest applied : deletions.applied(runId, started, Instant.now(), left)) {
            audit.record("identity.forget_applied", "deletion_request", applied.id(), null, applied);
        }
    }

    /** The latest run's id (what the pipeline compares to see identity rebuilt), empty before the first run. */
    public java.util.Optional<String> lastRunId() {
        Warehouse wh = warehouse();
        if (!wh.tableExists(IdentityTables.LIVE.runs())) {
            return java.util.Optional.empty();
        }
        return wh.queryList(IdentityStatements.statement(wh, "run.sql#last_run", Map.of("t", IdentityTables.LIVE.asMap())),
                java.util.List.of(), row -> row.getString(0)).stream().findFirst();
    }

    public IdentityPlan.Summary plan(IdentityPipeline.Progress progress) {
        return new IdentityPlan(warehouse(), config(), SEED).plan(progress);
    }

    /** Explains the link between two {@code type:value} identifiers (raw values are normalized first). */
    public IdentityGraphInspector.Explanation explain(String from, String to) {
        return explain(inspector(), from, to);
    }

    /** As {@link #explain(String, String)}, reading through the given inspector (an interactive one, for the API). */
    public IdentityGraphInspector.Explanation explain(IdentityGraphInspector inspector, String from, String to) {
        return inspector.explain(resolve(inspector, from), resolve(inspector, to));
    }

    /** Records a deletion request for {@code type:value} ({@link #forget(String, String)}). */
    public DeletionRequests.DeletionRequest forget(String typed) {
        String[] tv = split(typed);
        return forget(tv[0], tv[1]);
    }

    /**
     * Records a deletion request: the tombstone in the warehouse, which the next identity run applies (the identifier
     * leaves its profile, and rows bringing it again link nothing until the request is lifted), and the request in
     * the store. An identifier already under a request keeps that one, which is returned.
     */
    public DeletionRequests.DeletionRequest forget(String type, String raw) {
        String value = normalized(type, raw);
        String sha = WarehouseNames.sha256Hex(value);
        Optional<DeletionRequests.DeletionRequest> held = deletions.held(type, sha);
        if (held.isPresent()) {
            return held.get();
        }
        Warehouse wh = warehouse();
        new IdentityPipeline(wh, config(), IdentityTables.LIVE, SEED).setUp();
        Instant now = Instant.now();
        DeletionRequests.DeletionRequest request = deletions.create(type, sha, now);
        try {
            // A tombstone left by a request from before the store kept them is reused, not doubled.
            if (wh.queryLong(forgetSql(wh, "held"), type, value).orElse(0L) == 0) {
                wh.execute(forgetSql(wh, "request"), type, value, now);
            }
        } catch (RuntimeException e) {
            deletions.discard(request.id());
            throw e;
        }
        // The log must not keep what is being forgotten: the identifier is named by its type and a hash.
        audit.record("identity.forget", "identifier", type + ":sha256:" + sha, null, request);
        return request;
    }

    /**
     * Lifts the request held for {@code type:value}: the tombstone goes, and the next identity run puts the identifier
     * back where its rows link it. Empty when no request is held for it.
     */
    public Optional<DeletionRequests.DeletionRequest> lift(String type, String raw) {
        String value = normalized(type, raw);
        String sha = WarehouseNames.sha256Hex(value);
        Optional<DeletionRequests.DeletionRequest> held = deletions.held(type, sha);
        if (held.isEmpty()) {
            return Optional.empty();
        }
        Warehouse wh = warehouse();
        new IdentityPipeline(wh, config(), IdentityTables.LIVE, SEED).setUp();
        wh.execute(forgetSql(wh, "lift"), type, value);
        wh.execute(forgetSql(wh, "lift_forgotten"), type, value);
        DeletionRequests.DeletionRequest lifted = deletions.lift(held.get(), Instant.now());
        audit.record("identity.forget_lifted", "identifier", type + ":sha256:" + sha, held.get(), lifted);
        return Optional.of(lifted);
    }

    /**
     * Which deletion requests are held, as a version the pipeline compares (a new or lifted one makes identity stale);
     * empty when no request was ever made.
     */
    public Optional<String> heldDeletionRequests() {
        return deletions.heldVersion();
    }

    /** The value as identity stores it; a value its type's normalization turns into nothing is refused. */
    private String normalized(String type, String raw) {
        String value = inspector().normalize(config(), type, raw);
        if (value == null) {
            throw new WeftException("'" + type + ":" + raw + "' normalizes to nothing, so it is in no profile");
        }
        return value;
    }

    private static String forgetSql(Warehouse wh, String section) {
        return IdentityStatements.statement(wh, "forget.sql#" + section, Map.of("t", IdentityTables.LIVE.asMap()));
    }

    private IdentityGraphInspector.Identifier resolve(IdentityGraphInspector inspector, String typed) {
        String[] tv = split(typed);
        String value = inspector.normalize(config(), tv[0], tv[1]);
        if (value == null) {
            throw new UnknownIdentifierException("'" + typed + "' normalizes to nothing, so it names no identifier in the identity graph");
        }
        return inspector.find(tv[0], value).orElseThrow(() -> new UnknownIdentifierException("no identifier " + tv[0] + ":" + value
                + " in the identity graph (it never appeared in a source, or was blocklisted)"));
    }

    /** Splits {@code type:value} at the first colon; neither part may be empty. */
    public static String[] split(String typed) {
        int i = typed.indexOf(':');
        if (i <= 0) {
            throw new WeftException("'" + typed + "' is not type:value (for example email:a@x.com)");
        }
        if (i == typed.length() - 1) {
            throw new WeftException("'" + typed + "' has no value after the type (for example email:a@x.com)");
        }
        return new String[]{typed.substring(0, i), typed.substring(i + 1)};
    }

    public IdentityGraphInspector inspector() {
        return new IdentityGraphInspector(warehouse(), IdentityTables.LIVE);
    }

    /** A lookup by identifier: the value as the identity graph normalizes it (null: it normalizes to nothing), and its profile. */
    public record Lookup(String normalized, Optional<IdentityGraphInspector.Profile> profile) {
    }

    /**
     * The profile an identifier of a configured {@code type} belongs to, the value normalized first as the identity
     * graph normalizes it; under the time limit for interactive queries.
     */
    public Lookup lookUp(IdentityConfig config, String type, String value) {
        IdentityGraphInspector inspector = interactiveInspector();
        String normalized = inspector.normalize(config, type, value);
        return new Lookup(normalized, normalized == null ? Optional.empty() : inspector.profile(type, normalized));
    }

    /** An inspector whose statements have {@code weft.interactive-timeout}: for lookups a request waits for. */
    public IdentityGraphInspector interactiveInspector() {
        return new IdentityGraphInspector(warehouses.interactive(), IdentityTables.LIVE);
    }
}
