{#- Models' statements that read the same on every engine; what differs between engines is a Dialect method
    (createOrReplaceView, createTableAs, swapTable, merge). {{ select }} is the model's compiled SQL. -#}
-- name: append
{#- An incremental model without a unique_key: its rows added, column by column name. -#}
{%- set cols %}{% for c in columns %}{{ d.ident(c) }}{% if not loop.last %}, {% endif %}{% endfor %}{% endset -%}
INSERT INTO {{ d.ident(name) }} ({{ cols }}) SELECT {{ cols }} FROM ({{ select }}) s
-- name: row_count
SELECT count(*) FROM {{ d.ident(name) }}
-- name: test_count
{#- A schema test's result: how many failing rows its query (tests/*.sql) finds; 0 passes. -#}
SELECT count(*) FROM (
{{ failing }}
) failures
-- name: test_sample
{#- A few of a failing test's rows, to show with its result. -#}
SELECT * FROM (
{{ failing }}
) failures
LIMIT {{ limit }}
