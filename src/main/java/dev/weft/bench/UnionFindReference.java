package dev.weft.bench;

import dev.weft.identity.IdentityStatements;
import dev.weft.warehouse.Warehouse;

import java.util.List;
import java.util.Map;

/**
 * The benchmark's reference: union-find over arrays indexed by node key (keys are dense, from the
 * dictionary), loaded by streaming the edge table. Heap grows with the largest node key, about 5 bytes each.
 */
final class UnionFindReference {

    private final int[] parent;
    private final byte[] rank;

    private UnionFindReference(int size) {
        parent = new int[size];
        rank = new byte[size];
        for (int i = 0; i < size; i++) {
            parent[i] = i;
        }
    }

    static UnionFindReference load(Warehouse wh, String edges) {
        long max = IdentityStatements.max(wh, edges, "b").orElse(0L);
        if (max >= Integer.MAX_VALUE) {
            throw new IllegalStateException("node keys up to " + max + " do not fit the reference's arrays");
        }
        UnionFindReference uf = new UnionFindReference((int) max + 1);
        wh.query(IdentityStatements.statement(wh, "bench.sql#reference_edges", Map.of("edges", edges)), List.of(), row -> uf.union((int) (long) row.getLong(0), (int) (long) row.getLong(1)));
        return uf;
    }

    int find(int v) {
        while (parent[v] != v) {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        return v;
    }

    void union(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra == rb) {
            return;
        }
        if (rank[ra] < rank[rb]) {
            parent[ra] = rb;
        } else if (rank[ra] > rank[rb]) {
            parent[rb] = ra;
        } else {
            parent[rb] = ra;
            rank[ra]++;
        }
    }

    /**
     * Nodes whose SQL component disagrees: each SQL component must sit inside one union-find set, and
     * the number of sets must equal the number of components (then the partitions are equal).
     */
    long mismatches(Warehouse wh, String components) {
        long[] bad = {0};
        wh.query(IdentityStatements.statement(wh, "bench.sql#reference_components", Map.of("components", components)), List.of(), row -> {
            if (find((int) (long) row.getLong(0)) != find((int) (long) row.getLong(1))) {
                bad[0]++;
            }
        });
        long sqlComponents = IdentityStatements.countDistinct(wh, components, "comp");
        java.util.BitSet roots = new java.util.BitSet(parent.length);
        wh.query(IdentityStatements.statement(wh, "bench.sql#reference_nodes", Map.of("components", components)), List.of(), row -> roots.set(find((int) (long) row.getLong(0))));
        return bad[0] + Math.abs(roots.cardinality() - sqlComponents);
    }
}
