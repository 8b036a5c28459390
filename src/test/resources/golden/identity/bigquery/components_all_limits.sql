DROP TABLE IF EXISTS weft_tmp_id_comp
;
CREATE TABLE weft_tmp_id_comp AS
SELECT c.node_id, COALESCE(l.comp, c.comp) AS comp FROM weft_tmp_id_cc c LEFT JOIN weft_tmp_id_lim_final l ON l.node_id = c.node_id
UNION ALL
SELECT s.node_id, s.node_id AS comp FROM weft_tmp_id_scope s
WHERE NOT EXISTS (SELECT 1 FROM weft_tmp_id_cc c WHERE c.node_id = s.node_id)
;
DROP TABLE weft_tmp_id_cc
;
DROP TABLE weft_tmp_id_active
;
DROP TABLE weft_tmp_id_lim_final
