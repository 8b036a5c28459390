{#- DuckDB: one MAX per type over (last seen, key) packed into a HUGEINT: the microseconds in the high 64
    bits (clamped to +-2^62, some 146,000 years, then moved to be non-negative: the shift refuses negatives
    and overflow), the key in the low. Fixed-size aggregate states, which DuckDB can spill; arg_max with a
    composite key could not, and a window over 50M rows sorts them all. The other statements: profiles.sql. -#}
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
WITH xs AS (
  SELECT comp, node_id, id_rank, first_seen, last_seen,
         LEAST(GREATEST(epoch_us(last_seen), -4611686018427387904), 4611686018427387903) AS us
  FROM {{ p }}comp
)
{{ per_profile }}
{%- for ty in types %},
  CAST(MAX(CASE WHEN id_rank = {{ loop.index0 }} THEN (COALESCE(CAST(us AS HUGEINT) + 4611686018427387904, 0) << 64) | node_id END)
    & 9223372036854775807 AS BIGINT) AS {{ ty }}_key
{%- endfor %}
FROM xs GROUP BY comp
