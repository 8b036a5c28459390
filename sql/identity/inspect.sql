{#- IdentityGraphInspector: one profile (or one component a limit cut into profiles) at a time. {{ membership }}
    is where (node_id, profile_id) is read: the membership table, or the graph table of a warehouse from before it.
    members(): the node keys of the profiles selected, by a bound profile ID or, for split, by the bound
    component a limit cut. -#}
{%- macro members(split) -%}
(SELECT node_id FROM {{ membership }} WHERE profile_id
{%- if split %} IN (SELECT g.profile_id FROM {{ t.limit_drops }} d JOIN {{ membership }} g ON g.node_id = d.src OR g.node_id = d.dst WHERE d.comp = ?)
{%- else %} = ?{% endif %})
{%- endmacro -%}
-- name: normalize
{#- A raw value (bound after {{ expr }}'s own binds) normalized by {{ expr }}, which reads it as v. -#}
SELECT {{ expr }} FROM (SELECT CAST(? AS {{ TEXT }}) AS v) x
-- name: find
SELECT node_id, id_type, id_value FROM {{ t.nodes }} WHERE id_type = ? AND id_value = ?
-- name: profile_of
SELECT profile_id FROM {{ membership }} WHERE node_id = ?
-- name: profile
SELECT * FROM {{ t.profiles }} WHERE profile_id = ?
-- name: profile_identifiers
SELECT node_id, id_type, id_value FROM {{ t.nodes }} WHERE node_id IN {{ members(false) }} ORDER BY id_type, id_value
-- name: profile_changes
{#- The changes that name the profile: as the new one, or among the old ones (a comma-separated list). -#}
SELECT run_id, change, old_profile_ids, new_profile_id, reason, changed_at FROM {{ t.changes }}
WHERE new_profile_id = ? OR old_profile_ids = ? OR old_profile_ids LIKE ? OR old_profile_ids LIKE ? OR old_profile_ids LIKE ?
ORDER BY changed_at DESC, run_id DESC
-- name: limit_drops
{#- Links dropped by limits (the first 100); of one profile's identifiers with profile. -#}
SELECT a.node_id, a.id_type, a.id_value, b.node_id, b.id_type, b.id_value, d.id_type, d.detail
FROM {{ t.limit_drops }} d JOIN {{ t.nodes }} a ON a.node_id = d.src JOIN {{ t.nodes }} b ON b.node_id = d.dst
{%- if profile %}
WHERE d.src IN {{ members(false) }} OR d.dst IN {{ members(false) }}
{%- endif %}
ORDER BY d.id_type, d.detail, a.id_value, b.id_value LIMIT 100
-- name: component_drops
SELECT src, dst, detail FROM {{ t.limit_drops }} WHERE comp = ?
-- name: split_components
{#- The components a limit cut the profile from. -#}
SELECT DISTINCT d.comp FROM {{ t.limit_drops }} d JOIN {{ membership }} g ON g.node_id = d.src OR g.node_id = d.dst
WHERE g.profile_id = ?
-- name: largest
SELECT profile_id, identifier_count FROM {{ t.profiles }} ORDER BY identifier_count DESC, profile_id LIMIT {{ top }}
-- name: quarantined
SELECT node_id, id_type, id_value, reason, detail FROM {{ t.quarantine }} ORDER BY reason, id_type, id_value LIMIT 100
-- name: junk
{#- Values junk rules and blocklists kept out, per type and rule: how many, and the three seen last. -#}
SELECT id_type, rule, n, id_value FROM (
  SELECT id_type, rule, id_value, COUNT(*) OVER (PARTITION BY id_type, rule) AS n,
         ROW_NUMBER() OVER (PARTITION BY id_type, rule ORDER BY last_seen DESC, id_value) AS k
  FROM {{ t.junk }}
) x WHERE k <= 3 ORDER BY n DESC, id_type, rule, k
-- name: component_identifiers
SELECT node_id, id_type, id_value FROM {{ t.nodes }} WHERE node_id IN {{ members(split) }}
-- name: component_edges
SELECT DISTINCT e.src, e.dst FROM {{ t.edges }} e WHERE e.src IN {{ members(split) }} AND e.dst IN {{ members(split) }}
-- name: provenance
SELECT source_name, row_key, first_seen, last_seen FROM {{ t.edges }} WHERE src = ? AND dst = ? ORDER BY source_name
-- name: quarantine_reason
SELECT reason || ': ' || detail FROM {{ t.quarantine }} WHERE node_id = ?
