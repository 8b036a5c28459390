package dev.weft.audiences;

import dev.weft.WeftException;
import dev.weft.audit.AuditLog;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.SqlTemplates;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseException;
import dev.weft.warehouse.Warehouses;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Materializes audiences into {@code weft_audience_members} in the primary warehouse (what syncs
 * read), and keeps each one's run history and latest outcome; then recomputes the cut of the priority
 * lists that rank them.
 */
@Singleton
public class AudienceRuns {

    private static final Logger LOG = LoggerFactory.getLogger(AudienceRuns.class);

    private final Warehouses warehouses;
    private final AudienceCatalogue catalogue;
    private final AudienceRepository repository;
    private final AudienceMetrics metrics;
    private final AuditLog audit;
    private final PriorityLists priorityLists;

    public AudienceRuns(Warehouses warehouses, AudienceCatalogue catalogue, AudienceRepository repository, AudienceMetrics metrics,
                        AuditLog audit, PriorityLists priorityLists) {
        this.warehouses = warehouses;
        this.catalogue = catalogue;
        this.repository = repository;
        this.metrics = metrics;
        this.audit = audit;
        this.priorityLists = priorityLists;
    }

    /** Size history: size, entries and exits per run, newest first. */
    public List<AudienceRun> history(String id) {
        catalogue.existing(id);
        return repository.history(id, 500);
    }

    /** A profile's membership of an audience as last materialized: its split group (null without a split) and when. */
    public record Membership(String audienceId, String audienceName, @Nullable String splitGroup, Instant computedAt) {
    }

    /**
     * The audiences a profile is a member of, from their latest materializations ({@code sql/audiences/memberships.sql}),
     * under the time limit for interactive queries; none before any audience was materialized.
     */
    public List<Membership> memberships(String profileId) {
        Warehouse w = warehouses.interactive();
        if (!w.tableExists(AudienceQueries.MEMBERS_TABLE)) {
            return List.of();
        }
        return memberships(w, profileId, catalogue.list().stream().collect(Collectors.toMap(Audience::id, Audience::name, (a, b) -> a)));
    }

    /** The memberships' query in {@code w}, each named from {@code names} (audience ID to name; the ID when it has none). */
    static List<Membership> memberships(Warehouse w, String profileId, Map<String, String> names) {
        return w.queryList(SqlTemplates.render(w.dialect(), "audiences/memberships.sql", Map.of()), List.of(profileId),
                row -> new Membership(row.getString(0), names.getOrDefault(row.getString(0), row.getString(0)),
                        row.getString(1), row.getInstant(2)));
    }

    /** The instant {@code asOf} stands for (null: the workspace's weft.audiences.as-of), as a run would measure from it. */
    public Instant referenceTime(AsOf asOf) {
        return catalogue.referenceTime(asOf, warehouses.primary());
    }

    /** How materializing one audience ended: its run, or the error recorded for it. */
    public record Outcome(String audienceId, @Nullable AudienceRun run, @Nullable String error) {
        public boolean failed() {
            return run == null;
        }
    }

    /**
     * Materializes the given audiences (all when empty) into weft_audience_members, each on its own: one
     * that fails (invalid, or failing in the warehouse) is recorded as failed with why, and the others still
     * run. Unknown IDs fail before any runs.
     */
    public List<Outcome> run(List<String> ids) {
        return run(ids, null);
    }

    /**
     * As {@link #run(List)}, with relative windows measured back from {@code asOf} (null: the workspace's
     * {@code weft.audiences.as-of}, by default the clock), resolved once for all of them.
     */
    public List<Outcome> run(List<String> ids, AsOf asOf) {
        List<Audience> audiences = ids.isEmpty() ? catalogue.list() : ids.stream().map(catalogue::existing).toList();
        Warehouse w = warehouses.primary();
        ensureTables(w);
        AsOf resolved = AsOf.at(catalogue.referenceTime(asOf, w));
        String runId = UUID.randomUUID().toString();
        List<Outcome> out = new ArrayList<>();
        for (Audience a : audiences) {
            long start = System.nanoTime();
            try {
                out.add(new Outcome(a.id(), materialize(w, a, runId, resolved), null));
            } catch (RuntimeException e) {
                out.add(new Outcome(a.id(), null, recordFailure(a.id(), runId, e, start)));
            }
        }
        priorityLists.refresh(w, out.stream().filter(o -> !o.failed()).map(Outcome::audienceId).toList());
        return out;
    }

    /**
     * Materializes one audience now, relative windows measured back from {@code asOf} (null: the
     * workspace's setting); a failure is recorded as its latest run, then thrown.
     */
    public AudienceRun runOne(String id, AsOf asOf) {
        Audience a = catalogue.existing(id);
        Warehouse w = warehouses.primary();
        ensureTables(w);
        String runId = UUID.randomUUID().toString();
        long start = System.nanoTime();
        try {
            AudienceRun run = materialize(w, a, runId, asOf);
            priorityLists.refresh(w, List.of(a.id()));
            return run;
        } catch (RuntimeException e) {
            recordFailure(a.id(), runId, e, start);
            throw e;
        }
    }

    private AudienceRun materialize(Warehouse w, Audience a, String runId, AsOf asOf) {
        long start = System.nanoTime();
        AudienceDefinition def = catalogue.definitionOf(a);
        Instant at = catalogue.now();
        AudienceQueries q = catalogue.queries(asOf, w);
        AudienceQueries.Materialization m = q.materialize(a.id(), catalogue.members(q, a.id(), def),
                LocalDateTime.ofInstant(at, ZoneOffset.UTC));
        exec(w, m.clearStage());
        exec(w, m.stage());
        long entered = count(w, m.countEntered());
        long exited = count(w, m.countExited());
        exec(w, m.closeLeft());
        exec(w, m.deleteLeft());
        exec(w, m.insertNew());
        exec(w, m.openEntered());
        exec(w, m.clearStageAfter());
        long size = count(w, m.size());
        AudienceRun run = new AudienceRun(runId, a.id(), a.version(), size, entered, exited, at, q.asOf());
        repository.recordRun(run);
        repository.recordLastRun(a.id(), new Audience.LastRun(runId, Audience.LastRun.OK, size, null, catalogue.now()));
        audit.record("audience.run", AudienceCatalogue.SUBJECT, a.id(), null, run);
        LOG.info("audience {}: run {} succeeded: {} members, {} entered, {} exited", a.id(), runId, size, entered, exited);
        metrics.runSucceeded(a.id(), size, Duration.ofNanos(System.nanoTime() - start));
        return run;
    }

    /**
     * Records why an audience's run failed and returns that: a definition problem in its own words, with
     * pointers; a warehouse failure or a bug only as an error id, since listings show it to every reader
     * (the statement and the engine's message go to the log under that id).
     */
    private String recordFailure(String audienceId, String runId, RuntimeException e, long startNanos) {
        String error;
        if (e instanceof AudienceException audience) {
            String details = audience.problems().stream().map(p -> p.path() + ": " + p.problem())
                    .filter(d -> !audience.getMessage().contains(d)).collect(Collectors.joining("; "));
            error = audience.getMessage() + (details.isEmpty() ? "" : ": " + details);
        } else if (e instanceof WeftException && !(e instanceof WarehouseException)) {
            error = e.getMessage();
        } else {
            String errorId = UUID.randomUUID().toString();
            LOG.error("error id {}: materializing audience '{}' failed", errorId, audienceId, e);
            error = (e instanceof WarehouseException ? "the warehouse failed to materialize it" : "internal error")
                    + " (error id " + errorId + "); the log has the details";
        }
        Audience.LastRun failed = new Audience.LastRun(runId, Audience.LastRun.FAILED, null, error, catalogue.now());
        repository.recordLastRun(audienceId, failed);
        audit.record("audience.run", AudienceCatalogue.SUBJECT, audienceId, null, failed);
        LOG.warn("audience {}: run {} failed: {}", audienceId, runId, error);
        metrics.runFailed(Duration.ofNanos(System.nanoTime() - startNanos));
        return error;
    }

    private static void ensureTables(Warehouse w) {
        if (!w.tableExists(AudienceQueries.MEMBERS_TABLE)) {
            w.createTable(AudienceQueries.MEMBERS_TABLE, List.of(Column.of("audience_id", ColumnType.VARCHAR),
                    Column.of("profile_id", ColumnType.VARCHAR), Column.of("split_group", ColumnType.VARCHAR),
                    Column.of("computed_at", ColumnType.TIMESTAMP)), false);
        }
        if (!w.tableExists(AudienceQueries.HISTORY_TABLE)) {
            w.createTable(AudienceQueries.HISTORY_TABLE, List.of(Column.of("audience_id", ColumnType.VARCHAR),
                    Column.of("profile_id", ColumnType.VARCHAR), Column.of("entered_at", ColumnType.TIMESTAMP),
                    Column.of("exited_at", ColumnType.TIMESTAMP)), false);
        }
        if (!w.tableExists(AudienceQueries.STAGING_TABLE)) {
            w.createTable(AudienceQueries.STAGING_TABLE, List.of(Column.of("audience_id", ColumnType.VARCHAR),
                    Column.of("profile_id", ColumnType.VARCHAR), Column.of("split_group", ColumnType.VARCHAR)), false);
        }
    }

    private static void exec(Warehouse w, AudienceQueries.Rendered r) {
        w.execute(r.sql(), r.binds().toArray());
    }

    private static long count(Warehouse w, AudienceQueries.Rendered r) {
        return w.queryLong(r.sql(), r.binds().toArray()).orElse(0L);
    }
}
