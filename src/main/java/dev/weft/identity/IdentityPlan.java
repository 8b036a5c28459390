package dev.weft.identity;

import dev.weft.warehouse.Warehouse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code weft identity plan}: a full run of the current config on copies of identity's tables (prefix
 * {@code weft_plan_}), compared with the live result, then dropped. Nothing live is written.
 */
final class IdentityPlan {

    /** What applying the config would do. */
    record Summary(Map<String, Long> changes, List<String> examples, Map<String, Long> newlyQuarantined,
                   List<String> quarantineExamples, long released) {

        String render() {
            StringBuilder sb = new StringBuilder("Applying identity-graph/ now would:\n");
            sb.append("  profile changes: ").append(changes.isEmpty() ? "none" : changes).append('\n');
            examples.forEach(e -> sb.append("    ").append(e).append('\n'));
            sb.append("  newly quarantined identifiers: ").append(newlyQuarantined.isEmpty() ? "none" : newlyQuarantined).append('\n');
            quarantineExamples.forEach(e -> sb.append("    ").append(e).append('\n'));
            sb.append("  identifiers released from quarantine: ").append(released);
            return sb.toString();
        }
    }

    private final Warehouse wh;
    private final IdentityConfig config;
    private final long seed;

    IdentityPlan(Warehouse wh, IdentityConfig config, long seed) {
        this.wh = wh;
        this.config = config;
        this.seed = seed;
    }

    Summary plan(IdentityPipeline.Progress progress) {
        IdentityTables live = IdentityTables.LIVE;
        IdentityTables plan = IdentityTables.PLAN;
        Map<String, String> liveNames = live.asMap();
        Map<String, String> planNames = plan.asMap();
        try {
            plan.dropAll(wh);
            for (String key : liveNames.keySet()) {
                // The graph is a view, which the plan's own setup creates over its copies.
                if (!key.equals("graph") && !key.equals("changes") && !key.equals("profiles") && wh.tableExists(liveNames.get(key))) {
                    wh.execute(IdentityStatements.statement(wh, "work.sql#copy", Map.of("copy", planNames.get(key), "table", liveNames.get(key))));
                }
            }
            new IdentityPipeline(wh, config, plan, seed).run(true, progress);
            boolean hadLive = wh.tableExists(live.quarantine());
            Map<String, Object> vars = Map.of("live", liveNames, "plan", planNames, "had_live", hadLive);
            Map<String, Long> changes = new LinkedHashMap<>();
            wh.query(sql("changes", vars), List.of(), row -> changes.put(row.getString(0), row.getLong(1)));
            List<String> examples = wh.queryList(sql("change_examples", vars), List.of(),
                    row -> row.getString(0) + " " + row.getString(1) + " -> " + row.getString(2) + " (" + row.getString(3) + ")");
            Map<String, Long> quarantined = new LinkedHashMap<>();
            wh.query(sql("newly_quarantined", vars), List.of(), row -> quarantined.put(row.getString(0), row.getLong(1)));
            List<String> qExamples = new ArrayList<>(wh.queryList(sql("quarantine_examples", vars), List.of(), row -> row.getString(0)));
            long released = hadLive ? wh.queryLong(sql("released", vars)).orElse(0L) : 0L;
            return new Summary(changes, examples, quarantined, qExamples, released);
        } finally {
            plan.dropAll(wh);
        }
    }

    /** A statement of {@code sql/identity/plan.sql}. */
    private String sql(String section, Map<String, Object> vars) {
        return IdentityStatements.statement(wh, "plan.sql#" + section, vars);
    }
}
