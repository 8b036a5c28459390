{#- What a run reads from its sources. {{ columns }} are one source's identifier columns, each normalized by
    its type's steps (expressions IdentifierSql compiled from the config, their values bound in order). -#}
-- name: rows
{#- One source's rows (newer than its watermark: since, a bind after the columns' binds), grouped by
    identifier combination: writes {{ p }}rows_{{ i }}(c_0, c_1, ..., first_seen, last_seen, row_key). -#}
{%- set combination %}{% for c in columns %}c_{{ loop.index0 }}{% if not loop.last %}, {% endif %}{% endfor %}{% endset -%}
CREATE TABLE {{ p }}rows_{{ i }} AS
SELECT {{ combination }}, MIN(ts) AS first_seen, MAX(ts) AS last_seen, MAX(row_key) AS row_key
FROM (
  SELECT {% for c in columns %}{{ c }} AS c_{{ loop.index0 }}, {% endfor %}CAST({{ d.ident(source.timestamp) }} AS {{ TS }}) AS ts,
         {{ d.castToText(d.ident(source.row_key)) }} AS row_key
  FROM {{ d.ident(source.table) }}
{%- if since %}
  WHERE {{ d.ident(source.timestamp) }} > ?
{%- endif %}
) x
WHERE {% for c in columns %}c_{{ loop.index0 }} IS NOT NULL{% if not loop.last %} OR {% endif %}{% endfor %}
GROUP BY {{ combination }}
-- name: rows_watermark
{#- The source's new watermark: the last sighting it staged. -#}
SELECT MAX(last_seen) FROM {{ p }}rows_{{ i }}
-- name: dictionary_values
{#- One type's distinct values in this run with their first and last sighting, from every staged column of
    the type ({{ columns }}: source i, column j), each with the first junk rule or blocklist entry it matches
    ({{ junk }}, which IdentifierSql compiled; NULL for a value kept): writes {{ p }}values_{{ i }}. Tested once
    per distinct value, not per row. -#}
CREATE TABLE {{ p }}values_{{ i }} AS
SELECT id_value, first_seen, last_seen, {{ junk }} AS junk_rule FROM (
  SELECT id_value, MIN(first_seen) AS first_seen, MAX(last_seen) AS last_seen FROM (
{%- for c in columns %}
    {% if not loop.first %}UNION ALL {% endif %}SELECT c_{{ c.j }} AS id_value, first_seen, last_seen FROM {{ p }}rows_{{ c.i }} WHERE c_{{ c.j }} IS NOT NULL
{%- endfor %}
  ) u GROUP BY id_value
) g
-- name: dictionary_kept
{#- The values that enter the dictionary (dictionary.sql's values). -#}
SELECT id_value, first_seen, last_seen FROM {{ p }}values_{{ i }} WHERE junk_rule IS NULL
-- name: junk_clear
{#- A full run records the values kept out anew. WHERE TRUE: BigQuery refuses a DELETE without WHERE. -#}
DELETE FROM {{ t.junk }} WHERE TRUE
-- name: junk_record
{#- The values of type {{ type }} kept out in this run, with their rule, replacing what an earlier run recorded
    of them. -#}
DELETE FROM {{ t.junk }} WHERE id_type = '{{ type }}'
  AND id_value IN (SELECT id_value FROM {{ p }}values_{{ i }} WHERE junk_rule IS NOT NULL)
;
INSERT INTO {{ t.junk }} (id_type, rule, id_value, first_seen, last_seen, run_id)
SELECT '{{ type }}', junk_rule, id_value, first_seen, last_seen, '{{ run_id }}' FROM {{ p }}values_{{ i }} WHERE junk_rule IS NOT NULL
