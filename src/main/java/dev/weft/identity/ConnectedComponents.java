package dev.weft.identity;

import dev.weft.WeftException;
import dev.weft.warehouse.Warehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Connected components in the warehouse by randomised contraction (statements in
 * {@code sql/identity/cc_*.sql}): O(log n) rounds with high probability, whatever the graph's
 * diameter. Plain min-label propagation is here only as the benchmark's baseline.
 */
public final class ConnectedComponents {

    /** Rounds beyond this mean something is wrong (2*log2(n)+3 is about 80 for 10^12 nodes). */
    public static final int DEFAULT_MAX_ROUNDS = 64;

    /** Called after each round with the number of edges left. */
    public interface RoundListener {
        void round(int round, long edgesLeft);
    }

    /** How a computation went: rounds run and the edge count entering each round. */
    public record Stats(int rounds, List<Long> edgesPerRound) {
    }

    private final Warehouse wh;
    private final int maxRounds;
    private final String prefix;

    /** {@code prefix} names the work tables, so that a dry run and a real run never share them. */
    public ConnectedComponents(Warehouse wh, int maxRounds, String prefix) {
        this.wh = wh;
        this.maxRounds = maxRounds;
        this.prefix = prefix;
    }

    /**
     * Labels every node of {@code edgesTable}(a, b) (a &lt; b, no loops; a pair may repeat) with its component,
     * named by the smallest node key in it: writes {@code outTable}(node_id, comp).
     */
    public Stats contract(String edgesTable, String outTable, long seed, RoundListener listener) {
        run("cc_prune.sql", Map.of("edges", edgesTable));
        List<Long> counts = new ArrayList<>();
        int round = 0;
        long left = count(prefix + "e1");
        while (left > 0) {
            round++;
            counts.add(left);
            if (round > maxRounds) {
                cleanUp(round);
                throw new WeftException("identity: connected components did not converge in " + maxRounds
                        + " rounds (" + left + " edges left); this should not happen with randomised contraction,"
                        + " so please report it with the output of 'weft identity report'");
            }
            run("cc_round.sql", Map.of("i", round, "seed", seed * 1_000_003L + round));
            left = count(prefix + "e" + (round + 1));
            listener.round(round, left);
        }
        if (round == 0) {
            run("cc_empty_labels.sql", Map.of());
        } else {
            run("work.sql#drop", Map.of("table", prefix + "e" + (round + 1)));
            for (int i = round; i >= 1; i--) {
                run("cc_walk_back.sql", Map.of("i", i, "last", i == round));
            }
        }
        run("cc_finish.sql", Map.of("out", outTable));
        return new Stats(round, counts);
    }

    /** The baseline: min-label propagation until no label changes; writes {@code outTable}(node_id, comp). */
    public Stats minLabel(String edgesTable, String outTable, RoundListener listener) {
        run("cc_minlabel_init.sql", Map.of("edges", edgesTable));
        List<Long> changes = new ArrayList<>();
        int round = 0;
        while (true) {
            if (round >= maxRounds) {
                throw new WeftException("min-label propagation did not converge in " + maxRounds + " rounds");
            }
            run("cc_minlabel_round.sql", Map.of("i", round));
            long changed = wh.queryLong(IdentityStatements.statement(wh, "cc.sql#minlabel_changed", Map.of("p", prefix, "i", round)))
                    .orElse(0L);
            run("work.sql#drop", Map.of("table", prefix + "ml_lab" + round));
            round++;
            changes.add(changed);
            listener.round(round, changed);
            if (changed == 0) {
                break;
            }
        }
        wh.execute(wh.dialect().dropTableIfExists(outTable));
        run("cc.sql#minlabel_finish", Map.of("out", outTable, "i", round));
        return new Stats(round, changes);
    }

    private void cleanUp(int upTo) {
        run("cc.sql#clean_up", Map.of("rounds", upTo));
    }

    private long count(String table) {
        return IdentityStatements.count(wh, table);
    }

    private void run(String template, Map<String, Object> vars) {
        Map<String, Object> all = new java.util.HashMap<>(vars);
        all.put("p", prefix);
        IdentityStatements.execute(wh, template, all);
    }
}
