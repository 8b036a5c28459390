DROP TABLE IF EXISTS weft_tmp_id_comp
;
CREATE TABLE weft_tmp_id_comp AS
SELECT s.node_id, COALESCE(c.comp, s.node_id) AS comp, s.id_rank, s.first_seen, s.last_seen
FROM weft_tmp_id_scope s
LEFT JOIN weft_tmp_id_cc c ON c.node_id = s.node_id
;
DROP TABLE weft_tmp_id_scope
;
DROP TABLE weft_tmp_id_cc
;
DROP TABLE weft_tmp_id_active
