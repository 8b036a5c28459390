{#- What a plan table {{ plan }} holds: its rows counted by operation, and a sample of each (a dry run). -#}
-- name: counts
SELECT op, COUNT(*) FROM {{ d.ident(plan) }} GROUP BY op
-- name: sample
{#- Up to {{ limit }} rows of the bound operation. -#}
SELECT record_key, op, payload FROM {{ d.ident(plan) }} WHERE op = ? ORDER BY record_key LIMIT {{ limit }}
