{#- weft bench syncs (DuckDB): a generated source of {{ n }} rows, changes to a share of them, and a state that
    holds a whole plan, as if the destination had acknowledged every record. -#}
-- name: source
CREATE OR REPLACE TABLE bench_source AS
SELECT 'id' || i AS id, 'User' || i || '@Example.com' AS email, 'Name ' || i AS name, CAST(i % 1000 AS DOUBLE) AS score
FROM range({{ n }}) t(i)
-- name: change
{#- About {{ per10k }} rows in 10,000 change their name. -#}
UPDATE bench_source SET name = name || ' changed' WHERE hash(id) % 10000 < {{ per10k }}
-- name: acknowledge_plan
INSERT INTO {{ state }} SELECT record_key, payload_hash, payload, CURRENT_TIMESTAMP FROM {{ plan }}
;
CHECKPOINT
-- name: plan_hashes
SELECT record_key, payload_hash FROM {{ plan }}
