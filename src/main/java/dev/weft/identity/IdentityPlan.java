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
                    wh.execute("CREATE TABLE " + planNames.get(key) + " AS SELECT * FROM " + liveNames.get(key));
                }
            }
            new IdentityPipeline(wh, config, plan, seed).run(true, progress);
            Map<String, Long> changes = new LinkedHashMap<>();
            wh.query("SELECT change, COUNT(*) FROM " + plan.changes() + " GROUP BY change ORDER BY change", List.of(),
                    row -> changes.put(row.getString(0), row.getLong(1)));
            List<String> examples = wh.queryList("SELECT change, old_profile_ids, new_profile_id, reason FROM " + plan.changes()
                            + " WHERE change <> 'NEW' ORDER BY change, new_profile_id LIMIT 10", List.of(),
                    row -> row.getString(0) + " " + row.getString(1) + " -> " + row.getString(2) + " (" + row.getString(3) + ")");
            boolean hadLive = wh.tableExists(live.quarantine());
            String liveQ = hadLive ? live.quarantine() : "(SELECT node_id FROM " + plan.quarantine() + " WHERE 1 = 0)";
            Map<String, Long> quarantined = new LinkedHashMap<>();
            wh.query("SELECT reason, COUNT(*) FROM " + plan.quarantine() + " q WHERE NOT EXISTS (SELECT 1 FROM " + liveQ
                    + " l WHERE l.node_id = q.node_id) GROUP BY reason ORDER BY reason", List.of(),
                    row -> quarantined.put(row.getString(0), row.getLong(1)));
            List<String> qExamples = new ArrayList<>(wh.queryList("SELECT id_type || ':' || id_value || ' ' || reason || ': ' || detail FROM "
                    + plan.quarantine() + " q WHERE NOT EXISTS (SELECT 1 FROM " + liveQ + " l WHERE l.node_id = q.node_id)"
                    + " ORDER BY 1 LIMIT 10", List.of(), row -> row.getString(0)));
            long released = hadLive ? wh.queryLong("SELECT COUNT(*) FROM " + live.quarantine() + " l WHERE NOT EXISTS (SELECT 1 FROM "
                    + plan.quarantine() + " q WHERE q.node_id = l.node_id)").orElse(0L) : 0L;
            return new Summary(changes, examples, quarantined, qExamples, released);
        } finally {
            plan.dropAll(wh);
        }
    }
}
