{#- Used by the template tests: BigQuery's own statement 'one'; the other sections come from sections.sql. -#}
-- name: one
SELECT n FROM UNNEST([1]) AS n
