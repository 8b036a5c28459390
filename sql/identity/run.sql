{#- A run's bookkeeping (IdentityPipeline): its number, the last run's hashes, the sources' watermarks, the
    blocklist it applied, and its record in {{ t.runs }}. -#}
-- name: migrate_membership
{#- A warehouse from before the membership table: the old graph table's assignments move over. -#}
INSERT INTO {{ t.membership }} (node_id, profile_id) SELECT node_id, profile_id FROM {{ before }}
;
DROP TABLE {{ before }}
-- name: last_seq
SELECT MAX(run_seq) FROM {{ t.runs }}
-- name: last_run
SELECT run_id FROM {{ t.runs }} WHERE run_seq = (SELECT MAX(run_seq) FROM {{ t.runs }})
-- name: hashes
SELECT config_hash, blocklist_hash FROM {{ t.runs }} WHERE run_seq = ?
-- name: watermark
SELECT watermark, row_count, key_sum FROM {{ t.watermarks }} WHERE source_name = ?
-- name: watermark_delete
DELETE FROM {{ t.watermarks }} WHERE source_name = ?
-- name: watermark_insert
INSERT INTO {{ t.watermarks }} (source_name, watermark, row_count, key_sum) VALUES (?, ?, ?, ?)
-- name: watermarks_digest
{#- A warehouse from before the rows' digest: its watermarks get the columns, empty until the next run fills them. -#}
ALTER TABLE {{ t.watermarks }} ADD COLUMN row_count {{ BIGINT }}
;
ALTER TABLE {{ t.watermarks }} ADD COLUMN key_sum {{ BIGINT }}
-- name: record
INSERT INTO {{ t.runs }} (run_id, run_seq, mode, started_at, finished_at, rounds, scope_nodes, config_hash, blocklist_hash)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
-- name: changes
SELECT change, COUNT(*) FROM {{ t.changes }} WHERE run_id = ? GROUP BY change ORDER BY change
-- name: blocklist
SELECT id_type, kind, entry FROM {{ t.blocklist }} ORDER BY id_type, kind, entry
-- name: blocklist_clear
{#- BigQuery refuses a DELETE without a WHERE clause (graph_write.sql writes it the same way). -#}
DELETE FROM {{ t.blocklist }} WHERE 1 = 1
