package dev.weft.identity;

import java.util.HashMap;
import java.util.Map;

/** The in-memory reference for components: union by size with path halving, named by smallest key. */
final class UnionFind {

    private final Map<Long, Long> parent = new HashMap<>();
    private final Map<Long, Integer> size = new HashMap<>();

    void add(long v) {
        parent.putIfAbsent(v, v);
        size.putIfAbsent(v, 1);
    }

    long find(long v) {
        long p = parent.get(v);
        while (p != v) {
            long gp = parent.get(p);
            parent.put(v, gp);
            v = p;
            p = parent.get(v);
        }
        return v;
    }

    void union(long a, long b) {
        add(a);
        add(b);
        long ra = find(a);
        long rb = find(b);
        if (ra == rb) {
            return;
        }
        if (size.get(ra) < size.get(rb)) {
            long t = ra;
            ra = rb;
            rb = t;
        }
        parent.put(rb, ra);
        size.put(ra, size.get(ra) + size.get(rb));
    }

    /** Every node mapped to the smallest node key of its component. */
    Map<Long, Long> components() {
        Map<Long, Long> min = new HashMap<>();
        for (long v : parent.keySet()) {
            min.merge(find(v), v, Math::min);
        }
        Map<Long, Long> out = new HashMap<>();
        for (long v : parent.keySet()) {
            out.put(v, min.get(find(v)));
        }
        return out;
    }
}
