{#- weft_profiles: one row per profile with first/last seen, identifier counts per type and the primary
    identifier per type (the one seen most recently; ties: the largest node key, i.e. the identifier that
    entered the dictionary last). Computed from this run's components ({{ p }}comp) on integer keys: the
    primaries are picked as node keys, then looked up for their values, per type. A full run rebuilds the
    table; an incremental run replaces the rows of the profiles it touched, and looks up only their
    primaries (at 10M, 8.5 s to 3.4 s for 1% new rows). updated_at is when a run last wrote the profile's row:
    models over identity rebuild only the profiles updated since they last ran (models/profiles/). -#}
{#- In steps, each one materialized: fused into one statement, the join's and the aggregate's hash tables
    compete for memory, and at 10M profiles it took 192 s against 135 s. {{ p }}comp carries each
    identifier's type and sightings, so the grouping reads it alone. Counts are COUNTs, BIGINT everywhere
    (a SUM is a HUGEINT on DuckDB: twice the width, in memory and in the table). -#}
-- name: group
{%- set per_profile -%}
SELECT comp, MIN(first_seen) AS first_seen, MAX(last_seen) AS last_seen, COUNT(*) AS identifier_count
{%- for ty in types %},
  COUNT(CASE WHEN id_rank = {{ loop.index0 }} THEN 1 END) AS {{ ty }}_count
{%- endfor %}
{%- endset %}
DROP TABLE IF EXISTS {{ p }}prof_g
;
CREATE TABLE {{ p }}prof_g AS
WITH r AS (
  SELECT comp, node_id, id_rank, first_seen, last_seen,
         ROW_NUMBER() OVER (PARTITION BY comp, id_rank ORDER BY last_seen DESC NULLS LAST, node_id DESC) AS rk
  FROM {{ p }}comp
)
{{ per_profile }}
{%- for ty in types %},
  MAX(CASE WHEN id_rank = {{ loop.index0 }} AND rk = 1 THEN node_id END) AS {{ ty }}_key
{%- endfor %}
FROM r GROUP BY comp
-- name: write
{% set body -%}
SELECT a.profile_id, g.first_seen, g.last_seen, g.identifier_count
{%- for ty in types %}, g.{{ ty }}_count{% endfor %}
{%- for ty in types %}, v{{ loop.index }}.id_value AS primary_{{ ty }}{% endfor %}, {{ now }} AS updated_at
FROM {{ p }}prof_g g JOIN {{ p }}assign a ON a.comp = g.comp
{%- for ty in types %}
LEFT JOIN (SELECT node_id, id_value FROM {{ t.nodes }} WHERE id_type = '{{ ty }}'
  {%- if not full %} AND node_id IN (SELECT {{ ty }}_key FROM {{ p }}prof_g){% endif %}) v{{ loop.index }} ON v{{ loop.index }}.node_id = g.{{ ty }}_key
{%- endfor %}
{%- endset %}
{% if full -%}
DROP TABLE IF EXISTS {{ t.profiles }}
;
CREATE TABLE {{ t.profiles }} (profile_id {{ VALUE_TEXT }}, first_seen {{ TS }}, last_seen {{ TS }}, identifier_count {{ BIGINT }}
{%- for ty in types %}, {{ ty }}_count {{ BIGINT }}{% endfor %}
{%- for ty in types %}, primary_{{ ty }} {{ VALUE_TEXT }}{% endfor %}, updated_at {{ TS }})
{%- else -%}
DELETE FROM {{ t.profiles }} WHERE profile_id IN (SELECT profile_id FROM {{ p }}old {{ UNION }} SELECT profile_id FROM {{ p }}assign)
{%- endif %}
;
INSERT INTO {{ t.profiles }}
{{ body }}
;
DROP TABLE {{ p }}prof_g
;
DROP TABLE {{ p }}assign
;
DROP TABLE {{ p }}comp
;
DROP TABLE {{ p }}old
;
DROP TABLE {{ p }}quarantine
;
DROP TABLE IF EXISTS {{ p }}added
