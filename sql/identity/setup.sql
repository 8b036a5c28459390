{#- Identity's tables in the warehouse ({{ t.nodes }} etc. are prefixed in a dry run). The dictionary is
    append-only: a node key, once given to a (type, value), never changes. {{ VALUE_TEXT }} is text that rarely
    repeats (on DuckDB stored uncompressed: faster to write). -#}
CREATE TABLE IF NOT EXISTS {{ t.nodes }} (node_id {{ BIGINT }}, id_type {{ TEXT }}, id_value {{ VALUE_TEXT }})
;
CREATE TABLE IF NOT EXISTS {{ t.seen }} (node_id {{ BIGINT }}, first_seen {{ TS }}, last_seen {{ TS }})
;
CREATE TABLE IF NOT EXISTS {{ t.edges }} (src {{ BIGINT }}, dst {{ BIGINT }}, src_type {{ TEXT }}, dst_type {{ TEXT }},
  source_name {{ TEXT }}, row_key {{ VALUE_TEXT }}, first_seen {{ TS }}, last_seen {{ TS }})
;
CREATE TABLE IF NOT EXISTS {{ t.quarantine }} (node_id {{ BIGINT }}, id_type {{ TEXT }}, id_value {{ TEXT }},
  reason {{ TEXT }}, detail {{ TEXT }}, run_id {{ TEXT }}, detected_at {{ TS }})
;
CREATE TABLE IF NOT EXISTS {{ t.limit_drops }} (src {{ BIGINT }}, dst {{ BIGINT }}, comp {{ BIGINT }}, id_type {{ TEXT }},
  detail {{ TEXT }}, run_id {{ TEXT }}, detected_at {{ TS }})
;
{#- Deletion requests held (weft identity forget): the tombstones, each identifier quarantined while its row stays. -#}
CREATE TABLE IF NOT EXISTS {{ t.deletions }} (id_type {{ TEXT }}, id_value {{ TEXT }}, requested_at {{ TS }})
;
{#- The profile each forgotten identifier left, and when: a mirror sync removes the record it sent for that profile
    before then (sql/syncs/forget.sql), even where the profile keeps its ID through its other identifiers. -#}
CREATE TABLE IF NOT EXISTS {{ t.forgotten }} (id_type {{ TEXT }}, id_value {{ TEXT }}, profile_id {{ VALUE_TEXT }},
  run_id {{ TEXT }}, forgotten_at {{ TS }})
;
{#- Per source: the last sighting a run staged, and the digest of the rows up to it (deletions.sql#digest). -#}
CREATE TABLE IF NOT EXISTS {{ t.watermarks }} (source_name {{ TEXT }}, watermark {{ TS }}, row_count {{ BIGINT }}, key_sum {{ BIGINT }})
;
CREATE TABLE IF NOT EXISTS {{ t.runs }} (run_id {{ TEXT }}, run_seq {{ BIGINT }}, mode {{ TEXT }}, started_at {{ TS }},
  finished_at {{ TS }}, rounds {{ BIGINT }}, scope_nodes {{ BIGINT }}, config_hash {{ TEXT }}, blocklist_hash {{ TEXT }})
;
{#- The blocklist the last run applied, one row per value or pattern of a type: a run compares it with the
    configured one, and a blocklist that lost an entry makes the run full (the rows it kept out are read again). -#}
CREATE TABLE IF NOT EXISTS {{ t.blocklist }} (id_type {{ TEXT }}, kind {{ TEXT }}, entry {{ TEXT }})
;
{#- Values junk rules and blocklists kept out of the dictionary, per type and rule, as of the run that last saw
    each (run_id): what 'weft identity report' counts. A full run writes it anew. -#}
CREATE TABLE IF NOT EXISTS {{ t.junk }} (id_type {{ TEXT }}, rule {{ TEXT }}, id_value {{ VALUE_TEXT }},
  first_seen {{ TS }}, last_seen {{ TS }}, run_id {{ TEXT }})
;
CREATE TABLE IF NOT EXISTS {{ t.registry }} (profile_id {{ VALUE_TEXT }}, created_seq {{ BIGINT }})
;
CREATE TABLE IF NOT EXISTS {{ t.membership }} (node_id {{ BIGINT }}, profile_id {{ VALUE_TEXT }})
;
{#- The identifiers' profiles with their type and value, which the dictionary holds: stored once, there. A
    quarantined identifier has no profile, so it is not in the view. -#}
CREATE OR REPLACE VIEW {{ t.graph }} AS
SELECT n.node_id, n.id_type, n.id_value, m.profile_id FROM {{ t.nodes }} n JOIN {{ t.membership }} m ON m.node_id = n.node_id
;
CREATE TABLE IF NOT EXISTS {{ t.changes }} (run_id {{ TEXT }}, change {{ TEXT }}, old_profile_ids {{ VALUE_TEXT }},
  new_profile_id {{ VALUE_TEXT }}, reason {{ TEXT }}, changed_at {{ TS }})
