TRUNCATE TABLE weft_id_membership
;
INSERT INTO weft_id_membership (node_id, profile_id)
SELECT c.node_id, a.profile_id FROM weft_tmp_id_comp c JOIN weft_tmp_id_assign a ON a.comp = c.comp
;
DELETE FROM weft_id_quarantine WHERE node_id NOT IN (SELECT node_id FROM weft_tmp_id_quarantine)
;
INSERT INTO weft_id_quarantine (node_id, id_type, id_value, reason, detail, run_id, detected_at)
SELECT q.node_id, q.id_type, q.id_value, q.reason, q.detail, 'run-7', CURRENT_TIMESTAMP
FROM weft_tmp_id_quarantine q LEFT JOIN weft_id_quarantine o ON o.node_id = q.node_id
WHERE o.node_id IS NULL
;
DELETE FROM weft_id_limit_drops WHERE 1 = 1
;
INSERT INTO weft_id_limit_drops (src, dst, comp, id_type, detail, run_id, detected_at)
SELECT src, dst, comp, id_type, detail, 'run-7', CURRENT_TIMESTAMP FROM weft_tmp_id_lim_drop
;
DROP TABLE weft_tmp_id_lim_drop
