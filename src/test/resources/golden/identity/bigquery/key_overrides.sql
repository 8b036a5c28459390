DELETE FROM weft_id_key_overrides WHERE 1 = 1
;
INSERT INTO weft_id_key_overrides (id_type, id_value, node_id)
SELECT id_type, id_value, node_id FROM weft_id_nodes WHERE node_id <> CASE WHEN id_value IS NOT NULL THEN FARM_FINGERPRINT(id_type || ':' || id_value) END
;
DELETE FROM weft_id_key_scheme WHERE 1 = 1
;
INSERT INTO weft_id_key_scheme (probe_key) SELECT CASE WHEN 'key probe' IS NOT NULL THEN FARM_FINGERPRINT('weft' || ':' || 'key probe') END
