package dev.weft.identity;

/**
 * Names of identity's warehouse tables. The real run uses the contract names; a dry run
 * ({@code weft identity plan}) works on copies under another prefix and leaves these untouched.
 */
public record IdentityTables(String nodes, String seen, String edges, String quarantine, String limitDrops,
                             String deletions, String watermarks, String runs, String registry, String graph,
                             String profiles, String changes, String tmpPrefix) {

    public static final IdentityTables LIVE = withPrefix("weft_", "weft_tmp_id_");

    /** The tables a dry run works on. */
    public static final IdentityTables PLAN = withPrefix("weft_plan_", "weft_tmp_plan_");

    private static IdentityTables withPrefix(String prefix, String tmp) {
        return new IdentityTables(prefix + "id_nodes", prefix + "id_node_seen", prefix + "id_edges",
                prefix + "id_quarantine", prefix + "id_limit_drops", prefix + "id_deletions", prefix + "id_watermarks", prefix + "id_runs",
                prefix + "id_profile_registry", prefix + "id_graph", prefix + "profiles", prefix + "profile_changes", tmp);
    }

    /** For templates: {@code t.nodes}, {@code t.graph}, ... */
    public java.util.Map<String, String> asMap() {
        return java.util.Map.ofEntries(java.util.Map.entry("nodes", nodes), java.util.Map.entry("seen", seen),
                java.util.Map.entry("edges", edges), java.util.Map.entry("quarantine", quarantine),
                java.util.Map.entry("limit_drops", limitDrops),
                java.util.Map.entry("deletions", deletions), java.util.Map.entry("watermarks", watermarks),
                java.util.Map.entry("runs", runs), java.util.Map.entry("registry", registry),
                java.util.Map.entry("graph", graph), java.util.Map.entry("profiles", profiles),
                java.util.Map.entry("changes", changes));
    }
}
