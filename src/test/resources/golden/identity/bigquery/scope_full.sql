DROP TABLE IF EXISTS weft_tmp_id_scope
;
CREATE TABLE weft_tmp_id_scope AS
SELECT i.node_id, i.id_rank, i.first_seen, i.last_seen
FROM weft_tmp_id_ids i LEFT JOIN weft_tmp_id_quarantine q ON q.node_id = i.node_id
WHERE q.node_id IS NULL
;
DROP TABLE IF EXISTS weft_tmp_id_old
;
CREATE TABLE weft_tmp_id_old AS SELECT node_id, profile_id FROM weft_id_membership
;
DROP TABLE weft_tmp_id_ids
;
DROP TABLE IF EXISTS weft_tmp_id_active
;
CREATE TABLE weft_tmp_id_active AS
SELECT e.src AS a, e.dst AS b FROM weft_id_edges e
LEFT JOIN weft_tmp_id_quarantine qa ON qa.node_id = e.src
LEFT JOIN weft_tmp_id_quarantine qb ON qb.node_id = e.dst
WHERE qa.node_id IS NULL AND qb.node_id IS NULL
