package dev.weft.identity;

import dev.weft.identity.IdentityConfig.IdType;
import dev.weft.warehouse.Warehouse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-profile limits per identifier type ({@code limit: 1} on user_id: at most one user_id per profile),
 * between the components and the stable IDs, in the warehouse ({@code sql/identity/limits_*.sql}).
 *
 * <p>The rule is Kruskal's algorithm with the limits as constraint: the links of a component are taken
 * strongest first (the priority of the lower-priority type at their ends, then the most recently seen),
 * and a link is dropped when the two profiles it would join hold together more of a type than its limit.
 * Computed set-based on the components over a limit only: clusters without a limited identifier take
 * their strongest link in Boruvka rounds (always what Kruskal would do), then clusters pair up, a
 * matching per round, while the limits allow. The result depends on the component alone, so an
 * incremental run that recomputes the component gives what a full run gives.
 */
final class ProfileLimits {

    /** The statements of one {@code sql/identity/} template, run by the pipeline (which times them). */
    interface Templates {
        void run(String name, Map<String, Object> vars);
    }

    /** What the step did: components over a limit, the profiles they became, links dropped. */
    record Stats(long components, long profiles, long droppedLinks) {
    }

    /** Rounds of pairing beyond this mean a component with thousands of limited identifiers; see {@link #split}. */
    static final int MAX_PAIR_ROUNDS = 1_000;

    private final Warehouse wh;
    private final String p;
    private final Templates templates;
    private final Map<String, Object> vars;
    private final long seed;

    ProfileLimits(Warehouse wh, IdentityConfig config, String p, Templates templates, long seed) {
        this.wh = wh;
        this.p = p;
        this.templates = templates;
        this.seed = seed;
        this.vars = templateVars(config);
    }

    static boolean configured(IdentityConfig config) {
        return config.types().stream().anyMatch(t -> t.limit() > 0);
    }

    /**
     * The limited types ({@code limited}: type, limit, rank, in priority order) and every type's rank
     * ({@code ranks}: 0 is the highest priority), as the templates want them.
     */
    static Map<String, Object> templateVars(IdentityConfig config) {
        List<Map<String, Object>> limited = new ArrayList<>();
        List<Map<String, Object>> ranks = new ArrayList<>();
        List<IdType> types = config.typesByPriority();
        for (int i = 0; i < types.size(); i++) {
            IdType type = types.get(i);
            ranks.add(Map.of("type", type.name(), "rank", i));
            if (type.limit() > 0) {
                limited.add(Map.of("type", type.name(), "limit", type.limit(), "rank", i));
            }
        }
        return Map.of("limited", limited, "ranks", ranks);
    }

    /**
     * Splits the components of {@code <p>cc} that are over a limit: writes {@code <p>lim_final}(node_id,
     * comp) for their identifiers and {@code <p>lim_drop} for the links dropped.
     */
    Stats split(IdentityPipeline.Progress progress) {
        run("limits_scope.sql", Map.of());
        long components = IdentityStatements.countDistinct(wh, p + "lim_node", "comp");
        int i = 0;
        if (components > 0) {
            ConnectedComponents cc = new ConnectedComponents(wh, ConnectedComponents.DEFAULT_MAX_ROUNDS, p + "lim_cc_");
            while (true) {
                run("limits_free_round.sql", Map.of("i", i));
                if (count(p + "lim_pick") == 0) {
                    drop(p + "lim_pick");
                    break;
                }
                cc.contract(p + "lim_pick", p + "lim_lab", seed + i, (round, left) -> { });
                run("limits_relabel.sql", Map.of("i", i));
                i++;
            }
            int pairRounds = 0;
            while (true) {
                run("limits_pair_round.sql", Map.of("i", i));
                if (count(p + "lim_pick") == 0 || pairRounds == MAX_PAIR_ROUNDS) {
                    // Past the cap (a component with thousands of limited identifiers), the clusters not yet
                    // paired stay apart: still within the limits, and still a function of the component alone.
                    if (pairRounds == MAX_PAIR_ROUNDS) {
                        progress.step("limits: stopped pairing after " + MAX_PAIR_ROUNDS + " rounds; some profiles stay"
                                + " smaller than the limits allow (see 'weft identity report')");
                    }
                    drop(p + "lim_pick");
                    drop(p + "lim_lab");
                    break;
                }
                run("limits_relabel.sql", Map.of("i", i));
                i++;
                pairRounds++;
            }
        }
        run("limits_apply.sql", Map.of("i", i));
        long profiles = IdentityStatements.countDistinct(wh, p + "lim_final", "comp");
        long dropped = count(p + "lim_drop");
        if (components > 0) {
            progress.step("limits: " + components + " components over a limit split into " + profiles + " profiles, "
                    + dropped + " links dropped");
        }
        return new Stats(components, profiles, dropped);
    }

    private long count(String table) {
        return IdentityStatements.count(wh, table);
    }

    private void drop(String table) {
        IdentityStatements.drop(wh, table);
    }

    private void run(String template, Map<String, Object> extra) {
        Map<String, Object> all = new HashMap<>(vars);
        all.putAll(extra);
        templates.run(template, all);
    }
}
