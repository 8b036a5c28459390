package dev.weft.pipeline;

import dev.weft.WeftException;
import dev.weft.audiences.Audience;
import dev.weft.consent.ConsentConfig;
import dev.weft.audiences.PriorityList;
import dev.weft.identity.IdentityConfig;
import dev.weft.identity.IdentityTables;
import dev.weft.models.Model;
import dev.weft.models.ModelProject;
import dev.weft.models.SourceTable;
import dev.weft.syncs.SyncDefinition;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DirectedAcyclicGraph;
import org.jgrapht.traverse.TopologicalOrderIterator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The pipeline as a DAG of {@link Asset}s, built only from what the workspace already declares: each model's
 * {@code ref()}s and {@code source()}s, identity's edge sources, the traits and events models audiences read,
 * the audiences each priority list ranks, and each sync's audience (or the priority list it reads it through) or model. A source whose table is identity's output ({@code weft_profiles},
 * {@code weft_id_graph}) stands for the identity run. {@link #order()} is a topological order that
 * takes the assets a sync reads (and the syncs) first, ties broken by kind and then name, so runs and listings are
 * deterministic.
 */
public final class PipelineGraph {

    private final Map<String, Asset> assets;
    private final DirectedAcyclicGraph<String, DefaultEdge> dag;
    private final List<String> order;

    private PipelineGraph(Map<String, Asset> assets) {
        this.assets = assets;
        this.dag = new DirectedAcyclicGraph<>(DefaultEdge.class);
        assets.keySet().forEach(dag::addVertex);
        for (Asset a : assets.values()) {
            for (String up : a.upstream()) {
                try {
                    dag.addEdge(up, a.id());
                } catch (IllegalArgumentException cycle) {
                    throw new WeftException("pipeline: " + a.id() + " reading " + up + " closes a cycle");
                }
            }
        }
        // What a sync sends first: a destination is fresh as soon as its own inputs are, not once every audience is.
        Set<String> feedsSync = new HashSet<>();
        assets.values().stream().filter(a -> a.kind() == Asset.Kind.SYNC).forEach(sync -> {
            feedsSync.add(sync.id());
            feedsSync.addAll(dag.getAncestors(sync.id()));
        });
        Comparator<String> order = Comparator.comparing((String id) -> !feedsSync.contains(id))
                .thenComparing(id -> assets.get(id).kind()).thenComparing(id -> id);
        List<String> out = new ArrayList<>();
        new TopologicalOrderIterator<>(dag, order).forEachRemaining(out::add);
        this.order = List.copyOf(out);
    }

    /**
     * The workspace's pipeline: {@code project} null when the workspace has no models/ (its tables are then
     * sources), {@code identity} null when it has no identity-graph/; {@code traits}
     * and {@code events} the models audiences read (weft.audiences); {@code consent} adds the consent sources and
     * suppression lists a sync is checked against to what it reads, so a change in consent runs it again.
     */
    public static PipelineGraph of(ModelProject project, IdentityConfig identity, List<Audience> audiences,
                                   List<PriorityList> priorityLists, String traits, String events, List<SyncDefinition> syncs,
                                   ConsentConfig consent) {
        Builder b = new Builder(project, identity != null);
        for (String name : project == null ? List.<String>of() : project.graph().order()) {
            Model m = project.model(name);
            List<String> up = new ArrayList<>();
            m.refs().forEach(r -> up.add(Asset.id(Asset.Kind.MODEL, r)));
            m.sources().forEach(s -> up.add(b.source(project.sources().get(s))));
            b.add(new Asset(Asset.id(Asset.Kind.MODEL, name), Asset.Kind.MODEL, name, up, null, null, null, null));
        }
        if (identity != null) {
            List<String> up = identity.sources().stream().map(s -> b.table(s.table())).toList();
            b.add(new Asset(Asset.id(Asset.Kind.IDENTITY, null), Asset.Kind.IDENTITY, "identity", up, null, null, null, null));
        }
        for (Audience a : audiences) {
            List<String> up = new ArrayList<>();
            up.add(b.table(traits));
            up.add(b.table(events));
            b.identity().ifPresent(up::add);
            b.add(new Asset(Asset.id(Asset.Kind.AUDIENCE, a.id()), Asset.Kind.AUDIENCE, a.id(), up, null, null, null, null));
        }
        for (PriorityList l : priorityLists) {
            List<String> up = l.audiences().stream().map(a -> Asset.id(Asset.Kind.AUDIENCE, a)).toList();
            b.add(new Asset(Asset.id(Asset.Kind.PRIORITY_LIST, l.id()), Asset.Kind.PRIORITY_LIST, l.id(), up, null, null, null, null));
        }
        for (SyncDefinition s : syncs) {
            List<String> up = new ArrayList<>();
            if (s.source().priorityList() != null) {
                up.add(Asset.id(Asset.Kind.PRIORITY_LIST, s.source().priorityList())); // which reads the audience
                if (s.source().traits() != null) {
                    up.add(b.table(s.source().traits()));
                }
            } else if (s.source().isAudience()) {
                up.add(Asset.id(Asset.Kind.AUDIENCE, s.source().audience()));
                if (s.source().traits() != null) {
                    up.add(b.table(s.source().traits()));
                }
            } else {
                up.add(b.table(s.source().model()));
            }
            if (s.purpose() != null) {
                consent.sources().forEach(c -> up.add(b.table(c.table())));
            }
            consent.suppression().stream().filter(l -> l.appliesTo(s.id(), s.destination().type())).forEach(l -> up.add(b.table(l.table())));
            b.add(new Asset(Asset.id(Asset.Kind.SYNC, s.id()), Asset.Kind.SYNC, s.id(), up, null, null, null, null));
        }
        return new PipelineGraph(b.finish());
    }

    /** Every asset, in run order. */
    public List<Asset> assets() {
        return order.stream().map(assets::get).toList();
    }

    public List<String> order() {
        return order;
    }

    public Optional<Asset> asset(String id) {
        return Optional.ofNullable(assets.get(id));
    }

    /** The assets that read {@code id}, directly. */
    public Set<String> downstream(String id) {
        Set<String> out = new TreeSet<>();
        dag.outgoingEdgesOf(id).forEach(e -> out.add(dag.getEdgeTarget(e)));
        return out;
    }

    /** Every asset that depends, directly or not, on {@code id}. */
    public Set<String> descendants(String id) {
        return new TreeSet<>(dag.getDescendants(id));
    }

    /** Collects assets; a table no model or declared source names becomes a source asset of its own. */
    private static final class Builder {
        private final ModelProject project;
        private final boolean identity;
        private final Map<String, Asset> assets = new LinkedHashMap<>();
        private final Set<String> identityOutputs = Set.of(IdentityTables.LIVE.graph(), IdentityTables.LIVE.profiles());

        Builder(ModelProject project, boolean identity) {
            this.project = project;
            this.identity = identity;
        }

        Optional<String> identity() {
            return identity ? Optional.of(Asset.id(Asset.Kind.IDENTITY, null)) : Optional.empty();
        }

        void add(Asset a) {
            assets.put(a.id(), a);
        }

        /** The asset a declared source stands for: identity for its output tables, else the raw table. */
        String source(SourceTable t) {
            if (identity && t.schema() == null && identityOutputs.contains(t.identifier())) {
                return Asset.id(Asset.Kind.IDENTITY, null);
            }
            String id = Asset.id(Asset.Kind.SOURCE, t.key());
            assets.putIfAbsent(id, new Asset(id, Asset.Kind.SOURCE, t.key(), List.of(), t.identifier(), t.schema(), t.loadedAtField(),
                    t.freshness()));
            return id;
        }

        /** The asset a warehouse table name stands for: a model, a declared source, identity's output, or a raw table. */
        String table(String table) {
            if (project != null && project.models().containsKey(table)) {
                return Asset.id(Asset.Kind.MODEL, table);
            }
            for (SourceTable t : project == null ? List.<SourceTable>of() : project.sources().values()) {
                if (t.schema() == null && t.identifier().equals(table)) {
                    return source(t);
                }
            }
            if (identity && identityOutputs.contains(table)) {
                return Asset.id(Asset.Kind.IDENTITY, null);
            }
            return source(new SourceTable("table", table, table, null, null));
        }

        Map<String, Asset> finish() {
            // Sources first, so that a listing reads from raw data down to the syncs.
            Map<String, Asset> out = new LinkedHashMap<>();
            assets.values().stream().filter(a -> a.kind() == Asset.Kind.SOURCE).forEach(a -> out.put(a.id(), a));
            assets.values().forEach(a -> out.putIfAbsent(a.id(), a));
            Set<String> missing = new LinkedHashSet<>();
            out.values().forEach(a -> a.upstream().stream().filter(u -> !out.containsKey(u)).forEach(u -> missing.add(a.id() + " reads " + u)));
            if (!missing.isEmpty()) {
                throw new WeftException("pipeline: unknown inputs: " + String.join("; ", missing)
                        + " (a sync names an audience or a priority list that does not exist?)");
            }
            return out;
        }
    }
}
