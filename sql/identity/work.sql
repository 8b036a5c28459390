{#- Small statements on identity's tables and work tables ({{ table }}: a name Weft built, prefixed). -#}
-- name: count
SELECT COUNT(*) FROM {{ table }}
-- name: max
SELECT MAX({{ column }}) FROM {{ table }}
-- name: drop
DROP TABLE {{ table }}
-- name: drop_if_exists
{#- Before creating a work table a failed run may have left (Dialect.dropTableIfExists would quote the
    DuckDB work database's prefix into the name). -#}
DROP TABLE IF EXISTS {{ table }}
-- name: count_distinct
SELECT COUNT(DISTINCT {{ column }}) FROM {{ table }}
-- name: copy
CREATE TABLE {{ copy }} AS SELECT * FROM {{ table }}
