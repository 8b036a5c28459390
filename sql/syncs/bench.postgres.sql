{#- weft bench syncs --postgres: the sections of bench.sql that differ on PostgreSQL. -#}
-- name: source
DROP TABLE IF EXISTS bench_source
;
CREATE TABLE bench_source AS
SELECT 'id' || i AS id, 'User' || i || '@Example.com' AS email, 'Name ' || i AS name, CAST(i % 1000 AS DOUBLE PRECISION) AS score
FROM generate_series(0, {{ n }} - 1) AS t(i)
;
ANALYZE bench_source
-- name: change
{#- About {{ per10k }} rows in 10,000 change their name. -#}
UPDATE bench_source SET name = name || ' changed' WHERE abs(hashtext(id)) % 10000 < {{ per10k }}
-- name: baseline_state
DROP TABLE IF EXISTS bench_baseline_state
;
CREATE TABLE bench_baseline_state AS
SELECT id, md5(concat_ws(chr(30), email, name, CAST(score AS VARCHAR))) AS row_hash FROM bench_source
;
ANALYZE bench_baseline_state
-- name: acknowledge_plan
INSERT INTO {{ state }} (record_key, payload_hash, payload, synced_at, source_hash)
SELECT record_key, payload_hash, payload, CURRENT_TIMESTAMP, source_hash FROM {{ plan }}
;
ANALYZE {{ state }}
