package dev.weft.identity;

import dev.weft.warehouse.Warehouse;

import java.util.List;
import java.util.Map;

/**
 * Names of identity's warehouse tables. The real run uses the contract names; a dry run
 * ({@code weft identity plan}) works on copies under another prefix and leaves these untouched.
 * {@code graph} is a view: the dictionary ({@code nodes}) joined with each identifier's profile
 * ({@code membership}), so that the identifiers' values are stored once.
 */
public record IdentityTables(String nodes, String seen, String edges, String quarantine, String limitDrops,
                             String deletions, String forgotten, String watermarks, String runs, String registry, String membership,
                             String graph, String profiles, String changes, String blocklist, String junk, String tmpPrefix) {

    public static final IdentityTables LIVE = withPrefix("weft_", "weft_tmp_id_");

    /** The tables a dry run works on. */
    public static final IdentityTables PLAN = withPrefix("weft_plan_", "weft_tmp_plan_");

    private static IdentityTables withPrefix(String prefix, String tmp) {
        return new IdentityTables(prefix + "id_nodes", prefix + "id_node_seen", prefix + "id_edges",
                prefix + "id_quarantine", prefix + "id_limit_drops", prefix + "id_deletions", prefix + "id_forgotten", prefix + "id_watermarks", prefix + "id_runs",
                prefix + "id_profile_registry", prefix + "id_membership", prefix + "id_graph", prefix + "profiles",
                prefix + "profile_changes", prefix + "id_blocklist", prefix + "id_junk", tmp);
    }

    /** For templates: {@code t.nodes}, {@code t.graph}, ... */
    public Map<String, String> asMap() {
        return Map.ofEntries(Map.entry("nodes", nodes), Map.entry("seen", seen),
                Map.entry("edges", edges), Map.entry("quarantine", quarantine),
                Map.entry("limit_drops", limitDrops),
                Map.entry("deletions", deletions), Map.entry("forgotten", forgotten), Map.entry("watermarks", watermarks),
                Map.entry("runs", runs), Map.entry("registry", registry), Map.entry("membership", membership),
                Map.entry("graph", graph), Map.entry("profiles", profiles),
                Map.entry("changes", changes), Map.entry("blocklist", blocklist), Map.entry("junk", junk));
    }

    /** The tables, without the {@code graph} view. */
    public List<String> tables() {
        return List.of(nodes, seen, edges, quarantine, limitDrops, deletions, forgotten, watermarks, runs, registry, membership,
                profiles, changes, blocklist, junk);
    }

    /**
     * True in a warehouse from before the membership table, where {@code graph} is a table holding every
     * identifier's value too.
     */
    boolean graphIsTable(Warehouse wh) {
        return !wh.tableExists(membership) && wh.tableExists(graph);
    }

    /** Drops the view and every table, where they exist. */
    public void dropAll(Warehouse wh) {
        wh.execute(graphIsTable(wh) ? wh.dialect().dropTableIfExists(graph) : wh.dialect().dropViewIfExists(graph));
        for (String table : tables()) {
            wh.execute(wh.dialect().dropTableIfExists(table));
        }
    }
}
