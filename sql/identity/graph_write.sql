{#- Writes the new assignment into {{ t.membership }} (and so into the view {{ t.graph }}): a full run
    rewrites it, an incremental run replaces only the identifiers in scope and drops the ones quarantined now.
    The links dropped by limits are replaced likewise. Only keys and profile IDs are written: the
    identifiers' values stay in the dictionary, which the view joins. -#}
{%- set rows -%}
SELECT c.node_id, a.profile_id FROM {{ p }}comp c JOIN {{ p }}assign a ON a.comp = c.comp
{%- endset -%}
{% if full -%}
TRUNCATE TABLE {{ t.membership }}
{%- else -%}
DELETE FROM {{ t.membership }} WHERE node_id IN (SELECT node_id FROM {{ p }}old)
;
DELETE FROM {{ t.membership }} WHERE node_id IN (SELECT node_id FROM {{ p }}quarantine)
{%- endif %}
;
INSERT INTO {{ t.membership }} (node_id, profile_id)
{{ rows }}
;
DELETE FROM {{ t.quarantine }} WHERE node_id NOT IN (SELECT node_id FROM {{ p }}quarantine)
;
INSERT INTO {{ t.quarantine }} (node_id, id_type, id_value, reason, detail, run_id, detected_at)
SELECT q.node_id, q.id_type, q.id_value, q.reason, q.detail, '{{ run_id }}', {{ now }}
FROM {{ p }}quarantine q LEFT JOIN {{ t.quarantine }} o ON o.node_id = q.node_id
WHERE o.node_id IS NULL
{%- if full %}
;
DELETE FROM {{ t.limit_drops }} WHERE 1 = 1
{%- elif limits %}
;
DELETE FROM {{ t.limit_drops }} WHERE src IN (SELECT node_id FROM {{ p }}old) OR dst IN (SELECT node_id FROM {{ p }}old)
{%- endif %}
{%- if limits %}
;
INSERT INTO {{ t.limit_drops }} (src, dst, comp, id_type, detail, run_id, detected_at)
SELECT src, dst, comp, id_type, detail, '{{ run_id }}', {{ now }} FROM {{ p }}lim_drop
;
DROP TABLE {{ p }}lim_drop
{%- endif %}
