{#- weft_profiles: one row per profile with first/last seen, identifier counts per type and the primary
    identifier per type (the one seen most recently; ties: largest value). A full run rebuilds the
    table from weft_id_graph; an incremental run replaces the rows of the profiles it touched. -#}
{%- set source = t.graph if full else p ~ 'graph' -%}
{%- set body -%}
{#- Ranking then grouping, on every engine. DuckDB's one-pass arg_max(id_value, (last_seen, id_value))
    was faster at 1M but its aggregate states cannot spill: at 10M profiles it ran out of memory. -#}
SELECT profile_id, MIN(first_seen) AS first_seen, MAX(last_seen) AS last_seen, COUNT(*) AS identifier_count
{%- for ty in types %},
  SUM(CASE WHEN id_type = '{{ ty }}' THEN 1 ELSE 0 END) AS {{ ty }}_count
{%- endfor %}
{%- for ty in types %},
  MAX(CASE WHEN id_type = '{{ ty }}' AND rk = 1 THEN id_value END) AS primary_{{ ty }}
{%- endfor %}
FROM (
  SELECT g.profile_id, g.id_type, g.id_value, s.first_seen, s.last_seen,
         ROW_NUMBER() OVER (PARTITION BY g.profile_id, g.id_type ORDER BY s.last_seen DESC, g.id_value DESC) AS rk
  FROM {{ source }} g JOIN {{ t.seen }} s ON s.node_id = g.node_id
) x
GROUP BY profile_id
{%- endset %}
{% if full -%}
DROP TABLE IF EXISTS {{ t.profiles }}
;
CREATE TABLE {{ t.profiles }} AS
{{ body }}
{%- else -%}
DELETE FROM {{ t.profiles }} WHERE profile_id IN (SELECT profile_id FROM {{ p }}old {{ UNION }} SELECT profile_id FROM {{ p }}assign)
;
INSERT INTO {{ t.profiles }}
{{ body }}
;
DROP TABLE {{ p }}graph
{%- endif %}
;
DROP TABLE {{ p }}assign
;
DROP TABLE {{ p }}comp
;
DROP TABLE {{ p }}old
;
DROP TABLE {{ p }}quarantine
;
DROP TABLE {{ p }}scope
;
DROP TABLE IF EXISTS {{ p }}added
