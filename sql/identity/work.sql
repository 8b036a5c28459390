{#- Small statements on identity's tables and work tables ({{ table }}: a name Weft built, prefixed). -#}
-- name: count
SELECT COUNT(*) FROM {{ table }}
-- name: max
SELECT MAX({{ column }}) FROM {{ table }}
-- name: drop
DROP TABLE {{ table }}
-- name: count_distinct
SELECT COUNT(DISTINCT {{ column }}) FROM {{ table }}
-- name: copy
CREATE TABLE {{ copy }} AS SELECT * FROM {{ table }}
