{#- Used by the template tests: BigQuery's own first statement; the second comes from whole.sql. -#}
-- name: first
SELECT n FROM UNNEST([1]) AS n
