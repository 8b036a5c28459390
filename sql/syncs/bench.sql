{#- weft bench syncs (DuckDB): a generated source of {{ n }} rows, changes to a share of them, and a state that
    holds a whole plan, as if the destination had acknowledged every record. -#}
-- name: source
CREATE OR REPLACE TABLE bench_source AS
SELECT 'id' || i AS id, 'User' || i || '@Example.com' AS email, 'Name ' || i AS name, CAST(i % 1000 AS DOUBLE) AS score
FROM range({{ n }}) t(i)
-- name: change
{#- About {{ per10k }} rows in 10,000 change their name. -#}
UPDATE bench_source SET name = name || ' changed' WHERE hash(id) % 10000 < {{ per10k }}
-- name: baseline_state
{#- The naive diff's state: every source row's md5 over its raw values, taken before the change. -#}
CREATE OR REPLACE TABLE bench_baseline_state AS
SELECT id, md5(concat_ws(chr(30), email, name, CAST(score AS VARCHAR))) AS row_hash FROM bench_source
-- name: baseline
{#- The naive diff a plan is measured against: a full outer join that re-hashes every source row with md5
    and only counts the rows added, removed or changed. -#}
SELECT COUNT(*)
FROM bench_source s
FULL OUTER JOIN bench_baseline_state t ON t.id = s.id
WHERE s.id IS NULL OR t.id IS NULL OR md5(concat_ws(chr(30), s.email, s.name, CAST(s.score AS VARCHAR))) <> t.row_hash
-- name: acknowledge_plan
INSERT INTO {{ state }} (record_key, payload_hash, payload, synced_at, source_hash)
SELECT record_key, payload_hash, payload, CURRENT_TIMESTAMP, source_hash FROM {{ plan }}
;
CHECKPOINT
-- name: plan_hashes
SELECT record_key, payload_hash FROM {{ plan }}
-- name: drop_schema
{#- The schema a run on PostgreSQL kept its tables in. -#}
DROP SCHEMA {{ d.ident(schema) }} CASCADE
