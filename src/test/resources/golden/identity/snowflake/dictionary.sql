DROP TABLE IF EXISTS weft_tmp_id_ids_1
;
CREATE TABLE weft_tmp_id_ids_1 AS
SELECT k.node_id, k.id_value, k.first_seen, k.last_seen, k.blocked, CASE WHEN n.node_id IS NULL THEN 1 ELSE 0 END AS is_new
FROM (
  SELECT COALESCE(o.node_id, CASE WHEN v.id_value IS NOT NULL THEN HASH('email' || ':' || v.id_value) END) AS node_id, v.id_value, v.first_seen, v.last_seen, v.blocked
  FROM (SELECT id_value, first_seen, last_seen, id_value = 'null' AS blocked FROM (SELECT id_value, MIN(first_seen) AS first_seen, MAX(last_seen) AS last_seen FROM weft_tmp_id_rows_0 GROUP BY id_value) g) v LEFT JOIN weft_id_key_overrides o ON o.id_type = 'email' AND o.id_value = v.id_value
) k LEFT JOIN weft_id_nodes n ON n.node_id = k.node_id AND n.id_type = 'email' AND n.id_value = k.id_value
