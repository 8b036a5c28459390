CREATE TABLE IF NOT EXISTS weft_id_nodes (node_id INT64, id_type STRING, id_value STRING)
;
CREATE TABLE IF NOT EXISTS weft_id_node_seen (node_id INT64, first_seen TIMESTAMP, last_seen TIMESTAMP)
;
CREATE TABLE IF NOT EXISTS weft_id_edges (src INT64, dst INT64, src_type STRING, dst_type STRING,
  source_name STRING, row_key STRING, first_seen TIMESTAMP, last_seen TIMESTAMP)
;
CREATE TABLE IF NOT EXISTS weft_id_quarantine (node_id INT64, id_type STRING, id_value STRING,
  reason STRING, detail STRING, run_id STRING, detected_at TIMESTAMP)
;
CREATE TABLE IF NOT EXISTS weft_id_limit_drops (src INT64, dst INT64, comp INT64, id_type STRING,
  detail STRING, run_id STRING, detected_at TIMESTAMP)
;
CREATE TABLE IF NOT EXISTS weft_id_deletions (id_type STRING, id_value STRING, requested_at TIMESTAMP)
;
CREATE TABLE IF NOT EXISTS weft_id_forgotten (id_type STRING, id_value STRING, profile_id STRING,
  run_id STRING, forgotten_at TIMESTAMP)
;
CREATE TABLE IF NOT EXISTS weft_id_watermarks (source_name STRING, watermark TIMESTAMP, row_count INT64, key_sum INT64)
;
CREATE TABLE IF NOT EXISTS weft_id_runs (run_id STRING, run_seq INT64, mode STRING, started_at TIMESTAMP,
  finished_at TIMESTAMP, rounds INT64, scope_nodes INT64, config_hash STRING, blocklist_hash STRING)
;
CREATE TABLE IF NOT EXISTS weft_id_blocklist (id_type STRING, kind STRING, entry STRING)
;
CREATE TABLE IF NOT EXISTS weft_id_junk (id_type STRING, rule STRING, id_value STRING,
  first_seen TIMESTAMP, last_seen TIMESTAMP, run_id STRING)
;
CREATE TABLE IF NOT EXISTS weft_id_profile_registry (profile_id STRING, created_seq INT64)
;
CREATE TABLE IF NOT EXISTS weft_id_membership (node_id INT64, profile_id STRING)
;
CREATE OR REPLACE VIEW weft_id_graph AS
SELECT n.node_id, n.id_type, n.id_value, m.profile_id FROM weft_id_nodes n JOIN weft_id_membership m ON m.node_id = n.node_id
;
CREATE TABLE IF NOT EXISTS weft_profile_changes (run_id STRING, change STRING, old_profile_ids STRING,
  new_profile_id STRING, reason STRING, changed_at TIMESTAMP)
