{#- This run's edges from its staged rows (IdentityPipeline): the rows' node keys, every pair of identifiers
    in a row, and the run's identifiers without their values. -#}
-- name: keys
{#- Node keys of source {{ i }}'s rows: column j's key from the dictionary lookup {{ p }}ids_<dictionaries[j]>. -#}
CREATE TABLE {{ p }}keys_{{ i }} AS
SELECT {% for n in dictionaries %}n{{ loop.index0 }}.node_id AS k_{{ loop.index0 }}, {% endfor %}r.first_seen, r.last_seen, r.row_key
FROM {{ p }}rows_{{ i }} r
{%- for n in dictionaries %}
LEFT JOIN {{ p }}ids_{{ n }} n{{ loop.index0 }} ON n{{ loop.index0 }}.id_value = r.c_{{ loop.index0 }}
{%- endfor %}
-- name: edges
{#- Every pair of keys in a row, smaller key first, into {{ t.edges }} (full: created by setup.sql, its row
    keys stored as VALUE_TEXT) or a new {{ p }}delta_edges to merge. {{ pairs }}: per source and column pair
    (i, j, k) with the columns' types. Grouped per column pair, on the two keys alone: a pair of keys comes
    from one pair of columns (each column holds one type), so no grouping across pairs or on text is needed. -#}
{% if full -%}
INSERT INTO {{ t.edges }} (src, dst, src_type, dst_type, source_name, row_key, first_seen, last_seen)
{%- else -%}
CREATE TABLE {{ p }}delta_edges AS
{%- endif %}
{%- if pairs|length == 0 %}
SELECT CAST(NULL AS {{ BIGINT }}) AS src, CAST(NULL AS {{ BIGINT }}) AS dst, '' AS src_type, '' AS dst_type, '' AS source_name,
       '' AS row_key, CAST(NULL AS {{ TS }}) AS first_seen, CAST(NULL AS {{ TS }}) AS last_seen
FROM {{ p }}keys_0 WHERE 1 = 0
{%- endif %}
{%- for e in pairs %}
{%- set a = 'k_' ~ e.j %}{% set b = 'k_' ~ e.k %}
{% if not loop.first %}UNION ALL
{% endif -%}
SELECT CASE WHEN {{ a }} < {{ b }} THEN {{ a }} ELSE {{ b }} END AS src, CASE WHEN {{ a }} < {{ b }} THEN {{ b }} ELSE {{ a }} END AS dst,
       CASE WHEN {{ a }} < {{ b }} THEN '{{ e.a_type }}' ELSE '{{ e.b_type }}' END AS src_type,
       CASE WHEN {{ a }} < {{ b }} THEN '{{ e.b_type }}' ELSE '{{ e.a_type }}' END AS dst_type,
       '{{ e.source }}' AS source_name, row_key, first_seen, last_seen
FROM (
  SELECT {{ a }}, {{ b }}, MAX(row_key) AS row_key, MIN(first_seen) AS first_seen, MAX(last_seen) AS last_seen
  FROM {{ p }}keys_{{ e.i }} WHERE {{ a }} IS NOT NULL AND {{ b }} IS NOT NULL AND {{ a }} <> {{ b }} GROUP BY {{ a }}, {{ b }}
) g
{%- endfor %}
-- name: ids
{#- The run's identifiers without their values: what the scope and the outputs need of them. The type is its
    place in the priority order ({{ ranks }}, per dictionary table): at 50M identifiers a type name in each
    row of the work tables costs 800 MB. -#}
CREATE TABLE {{ p }}ids AS
{%- for rank in ranks %}
{% if not loop.first %}UNION ALL {% endif %}SELECT node_id, {{ rank }} AS id_rank, first_seen, last_seen FROM {{ p }}ids_{{ loop.index0 }}
{%- endfor %}
-- name: seen
{#- A full run writes the sightings in place. -#}
CREATE TABLE {{ t.seen }} AS SELECT node_id, first_seen, last_seen FROM {{ p }}ids
