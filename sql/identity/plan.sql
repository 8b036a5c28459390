{#- weft identity plan (IdentityPlan): after a full run on copies of identity's tables ({{ plan.nodes }} etc.),
    what differs from the live ones ({{ live.nodes }} etc.). Without live quarantine (had_live false), every
    quarantined identifier is new. -#}
{%- macro live_quarantine() %}{% if had_live %}{{ live.quarantine }}{% else %}(SELECT node_id FROM {{ plan.quarantine }} WHERE 1 = 0){% endif %}{% endmacro -%}
-- name: changes
SELECT change, COUNT(*) FROM {{ plan.changes }} GROUP BY change ORDER BY change
-- name: change_examples
SELECT change, old_profile_ids, new_profile_id, reason FROM {{ plan.changes }}
WHERE change <> 'NEW' ORDER BY change, new_profile_id LIMIT 10
-- name: newly_quarantined
SELECT reason, COUNT(*) FROM {{ plan.quarantine }} q
WHERE NOT EXISTS (SELECT 1 FROM {{ live_quarantine() }} l WHERE l.node_id = q.node_id)
GROUP BY reason ORDER BY reason
-- name: quarantine_examples
SELECT id_type || ':' || id_value || ' ' || reason || ': ' || detail FROM {{ plan.quarantine }} q
WHERE NOT EXISTS (SELECT 1 FROM {{ live_quarantine() }} l WHERE l.node_id = q.node_id)
ORDER BY 1 LIMIT 10
-- name: released
SELECT COUNT(*) FROM {{ live.quarantine }} l WHERE NOT EXISTS (SELECT 1 FROM {{ plan.quarantine }} q WHERE q.node_id = l.node_id)
