DROP TABLE IF EXISTS weft_tmp_id_comp
;
CREATE TABLE weft_tmp_id_comp AS
SELECT node_id, comp FROM weft_tmp_id_cc
UNION ALL
SELECT s.node_id, s.node_id AS comp FROM weft_tmp_id_scope s
WHERE NOT EXISTS (SELECT 1 FROM weft_tmp_id_cc c WHERE c.node_id = s.node_id)
;
DROP TABLE weft_tmp_id_cc
;
DROP TABLE weft_tmp_id_active
