package dev.weft.identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-memory reference for per-profile limits, written as the README states the rule and nothing
 * cleverer: links sorted strongest first (priority of the lower-priority end, then of the other end, then
 * most recently seen, then keys), each taken unless the two profiles it joins would together hold more of a type than its
 * limit. The warehouse computes the same thing in parallel rounds; tests compare the two.
 */
final class LimitedKruskal {

    record Link(long a, long b, String typeA, String typeB, Instant lastSeen) {
    }

    private final List<String> priority;
    private final Map<String, Integer> limits;

    LimitedKruskal(List<String> priority, Map<String, Integer> limits) {
        this.priority = priority;
        this.limits = limits;
    }

    /** Every node of the links mapped to the smallest key of its profile. */
    Map<Long, Long> profiles(List<Link> links) {
        List<Link> sorted = new ArrayList<>(links);
        sorted.sort(Comparator.comparingInt((Link l) -> Math.max(rank(l.typeA()), rank(l.typeB())))
                .thenComparingInt(l -> Math.min(rank(l.typeA()), rank(l.typeB())))
                .thenComparing(Link::lastSeen, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparingLong(Link::a).thenComparingLong(Link::b));
        Map<Long, Long> parent = new HashMap<>();
        Map<Long, Map<String, Integer>> counts = new HashMap<>();
        for (Link l : sorted) {
            add(parent, counts, l.a(), l.typeA());
            add(parent, counts, l.b(), l.typeB());
        }
        for (Link l : sorted) {
            long ra = find(parent, l.a());
            long rb = find(parent, l.b());
            if (ra == rb) {
                continue;
            }
            Map<String, Integer> ca = counts.get(ra);
            Map<String, Integer> cb = counts.get(rb);
            boolean fits = limits.entrySet().stream()
                    .allMatch(e -> ca.getOrDefault(e.getKey(), 0) + cb.getOrDefault(e.getKey(), 0) <= e.getValue());
            if (fits) {
                parent.put(rb, ra);
                cb.forEach((type, n) -> ca.merge(type, n, Integer::sum));
            }
        }
        Map<Long, Long> min = new HashMap<>();
        parent.keySet().forEach(v -> min.merge(find(parent, v), v, Math::min));
        Map<Long, Long> out = new HashMap<>();
        parent.keySet().forEach(v -> out.put(v, min.get(find(parent, v))));
        return out;
    }

    private int rank(String type) {
        int i = priority.indexOf(type);
        return i < 0 ? priority.size() : i;
    }

    private static void add(Map<Long, Long> parent, Map<Long, Map<String, Integer>> counts, long v, String type) {
        if (parent.putIfAbsent(v, v) == null) {
            counts.put(v, new HashMap<>(Map.of(type, 1)));
        }
    }

    private static long find(Map<Long, Long> parent, long v) {
        while (parent.get(v) != v) {
            v = parent.get(v);
        }
        return v;
    }
}
