{#- Used by the template tests: a file of sections asked for whole. -#}
-- name: first
SELECT 1 AS n
-- name: second
SELECT 2 AS n
;
SELECT 3 AS n
