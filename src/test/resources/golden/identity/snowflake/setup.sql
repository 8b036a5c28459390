CREATE TABLE IF NOT EXISTS weft_id_nodes (node_id NUMBER(38,0), id_type VARCHAR, id_value VARCHAR)
;
CREATE TABLE IF NOT EXISTS weft_id_node_seen (node_id NUMBER(38,0), first_seen TIMESTAMP_NTZ, last_seen TIMESTAMP_NTZ)
;
CREATE TABLE IF NOT EXISTS weft_id_edges (src NUMBER(38,0), dst NUMBER(38,0), src_type VARCHAR, dst_type VARCHAR,
  source_name VARCHAR, row_key VARCHAR, first_seen TIMESTAMP_NTZ, last_seen TIMESTAMP_NTZ)
;
CREATE TABLE IF NOT EXISTS weft_id_quarantine (node_id NUMBER(38,0), id_type VARCHAR, id_value VARCHAR,
  reason VARCHAR, detail VARCHAR, run_id VARCHAR, detected_at TIMESTAMP_NTZ)
;
CREATE TABLE IF NOT EXISTS weft_id_limit_drops (src NUMBER(38,0), dst NUMBER(38,0), comp NUMBER(38,0), id_type VARCHAR,
  detail VARCHAR, run_id VARCHAR, detected_at TIMESTAMP_NTZ)
;
CREATE TABLE IF NOT EXISTS weft_id_deletions (id_type VARCHAR, id_value VARCHAR, requested_at TIMESTAMP_NTZ)
;
CREATE TABLE IF NOT EXISTS weft_id_forgotten (id_type VARCHAR, id_value VARCHAR, profile_id VARCHAR,
  run_id VARCHAR, forgotten_at TIMESTAMP_NTZ)
;
CREATE TABLE IF NOT EXISTS weft_id_watermarks (source_name VARCHAR, watermark TIMESTAMP_NTZ, row_count NUMBER(38,0), key_sum NUMBER(38,0))
;
CREATE TABLE IF NOT EXISTS weft_id_runs (run_id VARCHAR, run_seq NUMBER(38,0), mode VARCHAR, started_at TIMESTAMP_NTZ,
  finished_at TIMESTAMP_NTZ, rounds NUMBER(38,0), scope_nodes NUMBER(38,0), config_hash VARCHAR, blocklist_hash VARCHAR)
;
CREATE TABLE IF NOT EXISTS weft_id_blocklist (id_type VARCHAR, kind VARCHAR, entry VARCHAR)
;
CREATE TABLE IF NOT EXISTS weft_id_junk (id_type VARCHAR, rule VARCHAR, id_value VARCHAR,
  first_seen TIMESTAMP_NTZ, last_seen TIMESTAMP_NTZ, run_id VARCHAR)
;
CREATE TABLE IF NOT EXISTS weft_id_profile_registry (profile_id VARCHAR, created_seq NUMBER(38,0))
;
CREATE TABLE IF NOT EXISTS weft_id_membership (node_id NUMBER(38,0), profile_id VARCHAR)
;
CREATE OR REPLACE VIEW weft_id_graph AS
SELECT n.node_id, n.id_type, n.id_value, m.profile_id FROM weft_id_nodes n JOIN weft_id_membership m ON m.node_id = n.node_id
;
CREATE TABLE IF NOT EXISTS weft_profile_changes (run_id VARCHAR, change VARCHAR, old_profile_ids VARCHAR,
  new_profile_id VARCHAR, reason VARCHAR, changed_at TIMESTAMP_NTZ)
