{#- dbt's snapshots: type-2 history of a query. A run stages the query's rows with dbt's columns (dbt_scd_id,
    dbt_updated_at, dbt_valid_from, dbt_valid_to), closes the current row (dbt_valid_to NULL) of each record that
    changed, closes those of records gone from the query when hard deletes are invalidated, and inserts each staged
    row that has no current row: a new record or a new version. {{ select }} is the snapshot's compiled query;
    a change is, by strategy, a newer updated_at (timestamp) or a differing check column (check).
    The snapshot time is the row's updated_at (timestamp) or the time of the run (check), as in dbt. -#}
{%- macro key_match(a, b) %}{% for k in key %}{{ a }}.{{ d.ident(k) }} = {{ b }}.{{ d.ident(k) }}{% if not loop.last %} AND {% endif %}{% endfor %}{% endmacro -%}
{%- macro changed() %}{% if strategy == 'timestamp' %}t.dbt_updated_at < n.dbt_updated_at{% else %}{% for c in check_cols %}t.{{ d.ident(c) }} IS DISTINCT FROM n.{{ d.ident(c) }}{% if not loop.last %} OR {% endif %}{% endfor %}{% endif %}{% endmacro -%}
{%- set updated = ('s.' ~ d.ident(updated_at)) if strategy == 'timestamp' else d.currentUtcTimestamp() -%}
-- name: stage
{#- The query's rows as the snapshot keeps them; dbt_valid_to is NULL of dbt_updated_at's type. -#}
{%- set scd %}{% for k in key %}COALESCE({{ d.castToText('s.' ~ d.ident(k)) }}, '') || '|' || {% endfor %}{{ d.castToText(updated) }}{% endset -%}
SELECT s.*,
  {{ d.sha256Hex(scd) }} AS dbt_scd_id,
  {{ updated }} AS dbt_updated_at,
  {{ updated }} AS dbt_valid_from,
  NULLIF({{ updated }}, {{ updated }}) AS dbt_valid_to
FROM ({{ select }}) s
-- name: close_changed
UPDATE {{ d.ident(name) }} AS t SET dbt_valid_to = n.dbt_updated_at
FROM {{ d.ident(staged) }} n
WHERE {{ key_match('t', 'n') }} AND t.dbt_valid_to IS NULL AND ({{ changed() }})
-- name: invalidate_deleted
UPDATE {{ d.ident(name) }} AS t SET dbt_valid_to = {{ d.currentUtcTimestamp() }}
WHERE t.dbt_valid_to IS NULL
  AND NOT EXISTS (SELECT 1 FROM {{ d.ident(staged) }} n WHERE {{ key_match('n', 't') }})
-- name: insert_new
{%- set cols %}{% for c in columns %}{{ d.ident(c) }}{% if not loop.last %}, {% endif %}{% endfor %}{% endset %}
INSERT INTO {{ d.ident(name) }} ({{ cols }})
SELECT {% for c in columns %}n.{{ d.ident(c) }}{% if not loop.last %}, {% endif %}{% endfor %}
FROM {{ d.ident(staged) }} n
WHERE NOT EXISTS (SELECT 1 FROM {{ d.ident(name) }} t WHERE {{ key_match('t', 'n') }} AND t.dbt_valid_to IS NULL)
