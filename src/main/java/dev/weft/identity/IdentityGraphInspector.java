package dev.weft.identity;

import dev.weft.WeftException;
import dev.weft.identity.IdentityConfig.IdType;
import dev.weft.warehouse.BoundSql;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Warehouse;
import io.micronaut.core.annotation.Nullable;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.connectivity.BiconnectivityInspector;
import org.jgrapht.alg.connectivity.ConnectivityInspector;
import org.jgrapht.alg.shortestpath.BFSShortestPath;
import org.jgrapht.graph.AsSubgraph;
import org.jgrapht.graph.SimpleGraph;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Explains the identity graph one profile at a time: loads a single component from the warehouse into
 * JGraphT (never the whole graph) to find why two identifiers are linked, and which identifiers bridge
 * otherwise separate groups (over-merge suspects). Two identifiers a per-profile limit keeps apart are
 * explained on the profiles cut from their component, with the links dropped and why.
 */
public final class IdentityGraphInspector {

    /** A component larger than this is not loaded into memory; it is itself a finding for the report. */
    static final int MAX_COMPONENT = 200_000;

    public record Identifier(long nodeId, String type, String value) {
        public String label() {
            return type + ":" + value;
        }
    }

    public record Provenance(String source, String rowKey, Instant firstSeen, Instant lastSeen) {
    }

    /** One link of a chain; {@code dropped} says why a limit dropped it, null for a link the profile holds. */
    public record Step(Identifier from, Identifier to, List<Provenance> provenance, @Nullable String dropped) {
    }

    public record Change(String runId, String change, String oldProfileIds, String newProfileId, String reason, Instant changedAt) {
    }

    /** {@code droppedLinks}: links of this profile's identifiers that a per-profile limit dropped. */
    public record Profile(String profileId, Map<String, Object> summary, List<Identifier> identifiers, List<Change> changes,
                          List<LimitDrop> droppedLinks) {
    }

    /** Either a path (linked) or the reason they are not linked. */
    public record Explanation(Identifier from, Identifier to, boolean linked, String profileId, List<Step> path, String reason) {
    }

    public record Bridge(Identifier identifier, String profileId, int componentSize, List<Integer> piecesWithout) {
    }

    public record Quarantined(Identifier identifier, String reason, String detail) {
    }

    /** A link a per-profile limit dropped: it would have joined two profiles holding too many of {@code type}. */
    public record LimitDrop(Identifier from, Identifier to, String type, String detail) {
    }

    /** Values of {@code type} that {@code rule} (a built-in junk rule, or {@code blocklist}) kept out of the graph. */
    public record JunkDrops(String type, String rule, long values, List<String> examples) {
    }

    public record Report(List<Map<String, Object>> largest, List<Quarantined> quarantined, List<Bridge> bridges,
                         List<LimitDrop> limitDrops, List<JunkDrops> junk) {
    }

    private final Warehouse wh;
    private final IdentityTables t;
    /**
     * Where (node_id, profile_id) is read: the membership table, or in a warehouse identity has not run in since
     * the membership table came, the graph table. Not the graph view: filtered by profile, the view's join reads
     * the whole dictionary (2.5 s at 10M profiles against 0.3 s for the dictionary narrowed by the members).
     */
    private final String membership;

    IdentityGraphInspector(Warehouse wh, IdentityTables tables) {
        this.wh = wh;
        this.t = tables;
        this.membership = tables.graphIsTable(wh) ? tables.graph() : tables.membership();
    }

    /** A statement of {@code sql/identity/inspect.sql}, which sees the tables and where membership is read. */
    private String sql(String section, Map<String, Object> vars) {
        Map<String, Object> all = new HashMap<>(vars);
        all.put("t", t.asMap());
        all.put("membership", membership);
        return IdentityStatements.statement(wh, "inspect.sql#" + section, all);
    }

    private String sql(String section) {
        return sql(section, Map.of());
    }

    /** Normalizes a raw value the way the type's config does, in the warehouse, so lookups match the graph. */
    public String normalize(IdentityConfig config, String type, String raw) {
        IdType idType = config.type(type).orElseThrow(() -> new WeftException("'" + type
                + "' is not an identifier type; configured: " + config.types().stream().map(IdType::name).toList()));
        BoundSql expr = new IdentifierSql(wh.dialect()).normalize(idType, "v");
        List<Object> binds = new ArrayList<>(expr.binds());
        binds.add(raw);
        return wh.queryList(sql("normalize", Map.of("expr", expr.sql(), "TEXT", wh.dialect().typeName(ColumnType.VARCHAR))), binds,
                row -> row.getString(0)).get(0);
    }

    public Optional<Identifier> find(String type, String value) {
        return wh.queryList(sql("find"), List.of(type, value), row -> new Identifier(row.getLong(0), row.getString(1), row.getString(2))).stream().findFirst();
    }

    public Optional<String> profileOf(long nodeId) {
        return wh.queryList(sql("profile_of"), List.of(nodeId), row -> row.getString(0))
                .stream().findFirst();
    }

    public Optional<Profile> profile(String type, String value) {
        Optional<Identifier> id = find(type, value);
        Optional<String> pid = id.flatMap(i -> profileOf(i.nodeId()));
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        String profileId = pid.get();
        Map<String, Object> summary = new LinkedHashMap<>();
        wh.query(sql("profile"), List.of(profileId), row -> {
            for (int i = 0; i < row.columnCount(); i++) {
                Object v = row.getObject(i);
                summary.put(row.columnName(i).toLowerCase(java.util.Locale.ROOT), v instanceof Number n ? n.longValue()
                        : v == null ? null : v instanceof java.util.Date || v instanceof java.time.temporal.Temporal ? row.getInstant(i) : v.toString());
            }
        });
        List<Identifier> ids = wh.queryList(sql("profile_identifiers"), List.of(profileId),
                row -> new Identifier(row.getLong(0), row.getString(1), row.getString(2)));
        List<Change> changes = wh.queryList(sql("profile_changes"),
                List.of(profileId, profileId, profileId + ",%", "%," + profileId, "%," + profileId + ",%"),
                row -> new Change(row.getString(0), row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                        row.getInstant(5)));
        List<LimitDrop> dropped = limitDrops(true, List.of(profileId, profileId));
        return Optional.of(new Profile(profileId, summary, ids, changes.subList(0, Math.min(20, changes.size())), dropped));
    }

    /** The shortest chain of edges between two identifiers, each edge with the rows that created it. */
    public Explanation explain(Identifier from, Identifier to) {
        Optional<String> pa = profileOf(from.nodeId());
        Optional<String> pb = profileOf(to.nodeId());
        if (pa.isEmpty() || pb.isEmpty()) {
            Identifier missing = pa.isEmpty() ? from : to;
            return new Explanation(from, to, false, null, List.of(), "not linked: " + missing.label() + " is in no profile"
                    + quarantineReason(missing.nodeId()).map(r -> " (quarantined: " + r + ")").orElse(""));
        }
        String apart = "not linked: " + from.label() + " is in profile " + pa.get() + ", " + to.label() + " in profile " + pb.get();
        if (!pa.get().equals(pb.get())) {
            Optional<Long> split = splitComponent(pa.get(), pb.get());
            if (split.isEmpty()) {
                return new Explanation(from, to, false, null, List.of(), apart);
            }
            // One component that a limit cut into profiles: the chain across it, with the links dropped.
            Map<List<Long>, String> dropped = new HashMap<>();
            wh.query(sql("component_drops"), List.of(split.get()),
                    row -> dropped.put(List.of(row.getLong(0), row.getLong(1)), row.getString(2)));
            Component whole = load("the component cut into " + pa.get() + ", " + pb.get() + ", ...", true, List.of(split.get()));
            List<Step> steps = path(whole, from, to, dropped);
            String why = steps.stream().map(Step::dropped).filter(java.util.Objects::nonNull).findFirst().orElse("");
            return new Explanation(from, to, false, null, steps, apart + "; a per-profile limit keeps them apart (a link below"
                    + " was dropped: it " + why + ")");
        }
        List<Step> steps = path(load("profile " + pa.get(), false, List.of(pa.get())), from, to, Map.of());
        return new Explanation(from, to, true, pa.get(), steps, steps.size() + " step(s) in profile " + pa.get());
    }

    private List<Step> path(Component c, Identifier from, Identifier to, Map<List<Long>, String> dropped) {
        GraphPath<Long, Long> path = new BFSShortestPath<>(c.graph).getPath(from.nodeId(), to.nodeId());
        List<Step> steps = new ArrayList<>();
        if (path != null) {
            List<Long> vs = path.getVertexList();
            for (int i = 0; i + 1 < vs.size(); i++) {
                long a = vs.get(i);
                long b = vs.get(i + 1);
                List<Long> key = List.of(Math.min(a, b), Math.max(a, b));
                steps.add(new Step(c.ids.get(a), c.ids.get(b), provenance(key.get(0), key.get(1)), dropped.get(key)));
            }
        }
        return steps;
    }

    /** The component both profiles were cut from by a limit, if they were. */
    private Optional<Long> splitComponent(String profileA, String profileB) {
        String sql = sql("split_components");
        Set<Long> a = new HashSet<>(wh.queryList(sql, List.of(profileA), row -> row.getLong(0)));
        return wh.queryList(sql, List.of(profileB), row -> row.getLong(0)).stream().filter(a::contains).findFirst();
    }

    /** Largest profiles, quarantined identifiers, and bridges in the largest profiles. */
    public Report report(int top, int minBridgePiece) {
        List<Map<String, Object>> largest = wh.queryList(sql("largest", Map.of("top", top)), List.of(), row -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("profile_id", row.getString(0));
                    m.put("identifiers", row.getLong(1));
                    return m;
                });
        List<Quarantined> quarantined = wh.queryList(sql("quarantined"), List.of(),
                row -> new Quarantined(new Identifier(row.getLong(0), row.getString(1), row.getString(2)), row.getString(3), row.getString(4)));
        List<Bridge> bridges = new ArrayList<>();
        for (Map<String, Object> p : largest) {
            long size = (Long) p.get("identifiers");
            if (size < 3 || size > MAX_COMPONENT) {
                continue;
            }
            bridges.addAll(bridges((String) p.get("profile_id"), minBridgePiece));
        }
        bridges.sort(Comparator.comparing((Bridge b) -> -b.piecesWithout().get(Math.min(1, b.piecesWithout().size() - 1)))
                .thenComparing(b -> b.identifier().label()));
        return new Report(largest, quarantined, bridges, limitDrops(false, List.of()), junk());
    }

    /** Junk kept out, per type and rule, with a few examples; none in a warehouse identity ran in before it was kept. */
    private List<JunkDrops> junk() {
        if (!wh.tableExists(t.junk())) {
            return List.of();
        }
        Map<List<String>, JunkDrops> out = new LinkedHashMap<>();
        wh.query(sql("junk"), List.of(), row -> out.computeIfAbsent(List.of(row.getString(0), row.getString(1)),
                k -> new JunkDrops(k.get(0), k.get(1), row.getLong(2), new ArrayList<>())).examples().add(row.getString(3)));
        return out.values().stream().map(j -> new JunkDrops(j.type(), j.rule(), j.values(), List.copyOf(j.examples()))).toList();
    }

    /** Links dropped by limits (the first 100); with {@code profile}, of the bound profile's identifiers only. */
    private List<LimitDrop> limitDrops(boolean profile, List<Object> binds) {
        return wh.queryList(sql("limit_drops", Map.of("profile", profile)), binds,
                row -> new LimitDrop(new Identifier(row.getLong(0), row.getString(1), row.getString(2)),
                        new Identifier(row.getLong(3), row.getString(4), row.getString(5)), row.getString(6), row.getString(7)));
    }

    /**
     * Cut vertices of a profile whose removal leaves at least two pieces of {@code minPiece} or more
     * identifiers: one identifier holding two groups together, the typical over-merge.
     */
    public List<Bridge> bridges(String profileId, int minPiece) {
        Component c = load("profile " + profileId, false, List.of(profileId));
        List<Bridge> out = new ArrayList<>();
        for (Long cut : new BiconnectivityInspector<>(c.graph).getCutpoints()) {
            Set<Long> rest = new HashSet<>(c.graph.vertexSet());
            rest.remove(cut);
            List<Integer> pieces = new ConnectivityInspector<>(new AsSubgraph<>(c.graph, rest)).connectedSets().stream()
                    .map(Set::size).sorted(Comparator.reverseOrder()).toList();
            if (pieces.size() >= 2 && pieces.get(1) >= minPiece) {
                out.add(new Bridge(c.ids.get(cut), profileId, c.graph.vertexSet().size(), pieces));
            }
        }
        return out;
    }

    private record Component(Graph<Long, Long> graph, Map<Long, Identifier> ids) {
    }

    /**
     * The identifiers of the bound profile, or with {@code split} of the profiles a limit cut the bound component
     * into ({@code what}), and the links among them.
     */
    private Component load(String what, boolean split, List<Object> binds) {
        Map<Long, Identifier> ids = new HashMap<>();
        wh.query(sql("component_identifiers", Map.of("split", split)), binds,
                row -> ids.put(row.getLong(0), new Identifier(row.getLong(0), row.getString(1), row.getString(2))));
        if (ids.size() > MAX_COMPONENT) {
            throw new WeftException(what + " has " + ids.size() + " identifiers, more than the " + MAX_COMPONENT
                    + " that explain loads; it is an over-merge to look at with 'weft identity report'");
        }
        Graph<Long, Long> g = new SimpleGraph<>(null, null, false);
        ids.keySet().forEach(g::addVertex);
        long[] edge = {0};
        List<Object> twice = new ArrayList<>(binds);
        twice.addAll(binds);
        wh.query(sql("component_edges", Map.of("split", split)), twice, row -> {
                    long a = row.getLong(0);
                    long b = row.getLong(1);
                    if (!g.containsEdge(a, b)) {
                        g.addEdge(a, b, edge[0]++);
                    }
                });
        return new Component(g, ids);
    }

    private List<Provenance> provenance(long src, long dst) {
        return wh.queryList(sql("provenance"), List.of(src, dst),
                row -> new Provenance(row.getString(0), row.getString(1), row.getInstant(2), row.getInstant(3)));
    }

    private Optional<String> quarantineReason(long nodeId) {
        return wh.queryList(sql("quarantine_reason"), List.of(nodeId),
                row -> row.getString(0)).stream().findFirst();
    }
}
