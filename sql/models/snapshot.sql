{#- dbt's snapshots: type-2 history of a query. A run stages the query's rows with dbt's columns (dbt_scd_id,
    dbt_updated_at, dbt_valid_from, dbt_valid_to, and dbt_is_deleted with hard_deletes='new_record'), adds to the
    snapshot the columns the query gained, closes the current row (dbt_valid_to NULL) of each record that changed,
    deals with records gone from the query as hard_deletes says, and inserts each staged row that has no current row:
    a new record or a new version. {{ select }} is the snapshot's compiled query; a change is, by strategy, a newer
    updated_at (timestamp) or a differing check column (check). The snapshot time is the row's updated_at (timestamp)
    or the time of the run (check), as in dbt; a deletion's is the time of the run. -#}
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
  NULLIF({{ updated }}, {{ updated }}) AS dbt_valid_to{% if new_record %},
  {{ d.castToText("'False'") }} AS dbt_is_deleted{% endif %}
FROM ({{ select }}) s
-- name: add_column
{#- A column the query gained since the snapshot was made: dbt adds it (earlier rows hold NULL) and never drops one. -#}
ALTER TABLE {{ d.ident(name) }} ADD COLUMN {{ d.ident(column) }} {{ type }}
-- name: close_changed
{#- With new_record, a record back after its deletion closes its deletion row, whatever its values. -#}
UPDATE {{ d.ident(name) }} AS t SET dbt_valid_to = {% if new_record %}CASE WHEN t.dbt_is_deleted = 'True' THEN {{ d.currentUtcTimestamp() }} ELSE n.dbt_updated_at END{% else %}n.dbt_updated_at{% endif %}
FROM {{ d.ident(staged) }} n
WHERE {{ key_match('t', 'n') }} AND t.dbt_valid_to IS NULL AND ({{ changed() }}{% if new_record %} OR t.dbt_is_deleted = 'True'{% endif %})
-- name: record_deleted
{#- hard_deletes='new_record': a record gone from the query gets a row of its own, its last values with
    dbt_is_deleted 'True', current from the time of the run; its deletion row is not current twice. -#}
{%- set scd_deleted %}{% for k in key %}COALESCE({{ d.castToText('t.' ~ d.ident(k)) }}, '') || '|' || {% endfor %}{{ d.castToText(d.currentUtcTimestamp()) }}{% endset -%}
INSERT INTO {{ d.ident(name) }} ({% for c in columns %}{{ d.ident(c) }}{% if not loop.last %}, {% endif %}{% endfor %})
SELECT {% for c in columns %}{% if c == 'dbt_scd_id' %}{{ d.sha256Hex(scd_deleted) }}{% elif c == 'dbt_updated_at' or c == 'dbt_valid_from' %}{{ d.currentUtcTimestamp() }}{% elif c == 'dbt_valid_to' %}NULLIF(t.dbt_valid_from, t.dbt_valid_from){% elif c == 'dbt_is_deleted' %}'True'{% else %}t.{{ d.ident(c) }}{% endif %}{% if not loop.last %}, {% endif %}{% endfor %}
FROM {{ d.ident(name) }} t
WHERE t.dbt_valid_to IS NULL AND COALESCE(t.dbt_is_deleted, 'False') <> 'True'
  AND NOT EXISTS (SELECT 1 FROM {{ d.ident(staged) }} n WHERE {{ key_match('n', 't') }})
-- name: invalidate_deleted
UPDATE {{ d.ident(name) }} AS t SET dbt_valid_to = {{ d.currentUtcTimestamp() }}
WHERE t.dbt_valid_to IS NULL{% if new_record %} AND COALESCE(t.dbt_is_deleted, 'False') <> 'True'{% endif %}
  AND NOT EXISTS (SELECT 1 FROM {{ d.ident(staged) }} n WHERE {{ key_match('n', 't') }})
-- name: insert_new
{%- set cols %}{% for c in columns %}{{ d.ident(c) }}{% if not loop.last %}, {% endif %}{% endfor %}{% endset %}
INSERT INTO {{ d.ident(name) }} ({{ cols }})
SELECT {% for c in columns %}n.{{ d.ident(c) }}{% if not loop.last %}, {% endif %}{% endfor %}
FROM {{ d.ident(staged) }} n
WHERE NOT EXISTS (SELECT 1 FROM {{ d.ident(name) }} t WHERE {{ key_match('t', 'n') }} AND t.dbt_valid_to IS NULL)
