DROP TABLE IF EXISTS weft_tmp_id_scope
;
CREATE TABLE weft_tmp_id_scope AS
SELECT i.node_id, i.id_type, i.first_seen, i.last_seen FROM weft_tmp_id_ids i
WHERE NOT EXISTS (SELECT 1 FROM weft_tmp_id_quarantine q WHERE q.node_id = i.node_id)
;
DROP TABLE IF EXISTS weft_tmp_id_old
;
CREATE TABLE weft_tmp_id_old AS SELECT node_id, profile_id FROM weft_id_graph
;
DROP TABLE weft_tmp_id_ids
;
DROP TABLE IF EXISTS weft_tmp_id_active
;
CREATE TABLE weft_tmp_id_active AS
SELECT e.src AS a, e.dst AS b FROM weft_id_edges e
WHERE NOT EXISTS (SELECT 1 FROM weft_tmp_id_quarantine q WHERE q.node_id = e.src)
  AND NOT EXISTS (SELECT 1 FROM weft_tmp_id_quarantine q WHERE q.node_id = e.dst)
