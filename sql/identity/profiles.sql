{#- weft_profiles: one row per profile with first/last seen, identifier counts per type and the primary
    identifier per type (the one seen most recently; ties: largest value). A full run rebuilds the
    table from weft_id_graph; an incremental run replaces the rows of the profiles it touched. -#}
{%- set source = t.graph if full else p ~ 'graph' -%}
{%- set body -%}
{% if dialect == 'duckdb' -%}
{#- One pass: arg_max per type instead of ranking every identifier. -#}
SELECT g.profile_id, MIN(s.first_seen) AS first_seen, MAX(s.last_seen) AS last_seen, COUNT(*) AS identifier_count
{%- for ty in types %},
  COUNT(*) FILTER (WHERE g.id_type = '{{ ty }}') AS {{ ty }}_count
{%- endfor %}
{%- for ty in types %},
  arg_max(g.id_value, (s.last_seen, g.id_value)) FILTER (WHERE g.id_type = '{{ ty }}') AS primary_{{ ty }}
{%- endfor %}
FROM {{ source }} g JOIN {{ t.seen }} s ON s.node_id = g.node_id
GROUP BY g.profile_id
{%- else -%}
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
{%- endif %}
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
