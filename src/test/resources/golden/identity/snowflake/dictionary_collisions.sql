DROP TABLE IF EXISTS weft_tmp_id_collisions
;
CREATE TABLE weft_tmp_id_collisions AS
SELECT node_id FROM (
  SELECT node_id FROM weft_tmp_id_ids_0
  UNION ALL SELECT node_id FROM weft_tmp_id_ids_1
  UNION ALL SELECT node_id FROM weft_tmp_id_ids_2
) a GROUP BY node_id HAVING COUNT(*) > 1
UNION
SELECT n.node_id FROM weft_id_nodes n JOIN (
  SELECT node_id FROM weft_tmp_id_ids_0 WHERE is_new = 1
  UNION ALL SELECT node_id FROM weft_tmp_id_ids_1 WHERE is_new = 1
  UNION ALL SELECT node_id FROM weft_tmp_id_ids_2 WHERE is_new = 1
) a ON a.node_id = n.node_id
