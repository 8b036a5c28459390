package dev.weft.models;

import dev.weft.WeftException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The DAG of models: an edge from each {@code ref()}'d model to the model that refs it. Built only
 * when acyclic; {@link #order()} is a topological order with ties broken by name, so runs and
 * compiled output are deterministic.
 */
public final class ModelGraph {

    private final Map<String, Set<String>> upstream = new TreeMap<>();
    private final Map<String, Set<String>> downstream = new TreeMap<>();
    private final List<String> order;

    ModelGraph(Collection<Model> models) {
        for (Model m : models) {
            upstream.put(m.name(), new TreeSet<>(m.refs()));
            downstream.putIfAbsent(m.name(), new TreeSet<>());
            for (String r : m.refs()) {
                downstream.computeIfAbsent(r, k -> new TreeSet<>()).add(m.name());
            }
        }
        Map<String, String> files = new HashMap<>();
        models.forEach(m -> files.put(m.name(), m.file()));
        List<String> cycle = findCycle();
        if (!cycle.isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (String name : cycle) {
                path.append(path.isEmpty() ? "" : " -> ").append(name).append(" (").append(files.get(name)).append(")");
            }
            throw new WeftException("models: ref() cycle: " + path);
        }
        this.order = topologicalOrder();
    }

    public List<String> order() {
        return order;
    }

    public Set<String> upstream(String model) {
        return upstream.getOrDefault(model, Set.of());
    }

    public Set<String> downstream(String model) {
        return downstream.getOrDefault(model, Set.of());
    }

    /** Every model that depends, directly or not, on {@code model}. */
    public Set<String> descendants(String model) {
        return reach(model, downstream);
    }

    /** Every model {@code model} depends on, directly or not. */
    public Set<String> ancestors(String model) {
        return reach(model, upstream);
    }

    private static Set<String> reach(String start, Map<String, Set<String>> edges) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(edges.getOrDefault(start, Set.of()));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (seen.add(next)) {
                todo.addAll(edges.getOrDefault(next, Set.of()));
            }
        }
        return seen;
    }

    /** One cycle as a path that ends where it starts ({@code a, b, a}), or empty. */
    private List<String> findCycle() {
        Map<String, Integer> state = new HashMap<>(); // 1: on the current path, 2: done
        for (String start : upstream.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> cycle = visit(start, state, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        return List.of();
    }

    private List<String> visit(String node, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(node);
        if (s != null && s == 2) {
            return List.of();
        }
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            cycle.add(node);
            return cycle;
        }
        state.put(node, 1);
        path.add(node);
        for (String next : downstream.getOrDefault(node, Set.of())) {
            List<String> cycle = visit(next, state, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return List.of();
    }

    private List<String> topologicalOrder() {
        Map<String, Integer> waiting = new HashMap<>();
        PriorityQueue<String> ready = new PriorityQueue<>();
        upstream.forEach((m, ups) -> {
            waiting.put(m, ups.size());
            if (ups.isEmpty()) {
                ready.add(m);
            }
        });
        List<String> out = new ArrayList<>();
        while (!ready.isEmpty()) {
            String m = ready.poll();
            out.add(m);
            for (String d : downstream(m)) {
                if (waiting.merge(d, -1, Integer::sum) == 0) {
                    ready.add(d);
                }
            }
        }
        return List.copyOf(out);
    }

    /** The models in {@code names}, in run order. */
    public List<String> ordered(Set<String> names) {
        return order.stream().filter(names::contains).toList();
    }

    Set<String> all() {
        return new LinkedHashSet<>(order);
    }
}
