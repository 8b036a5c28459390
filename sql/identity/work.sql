{#- Small statements on identity's tables and work tables ({{ table }}: a name Weft built, prefixed). -#}
-- name: count
SELECT COUNT(*) FROM {{ table }}
-- name: max
SELECT MAX({{ column }}) FROM {{ table }}
-- name: drop
DROP TABLE {{ table }}
