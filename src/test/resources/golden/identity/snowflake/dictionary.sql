DROP TABLE IF EXISTS weft_tmp_id_ids_1
;
DROP TABLE IF EXISTS weft_tmp_id_known
;
CREATE TABLE weft_tmp_id_known AS
SELECT n.node_id, v.id_value, v.first_seen, v.last_seen
FROM (SELECT id_value, MIN(first_seen) AS first_seen, MAX(last_seen) AS last_seen FROM weft_tmp_id_rows_0 GROUP BY id_value) v LEFT JOIN weft_id_nodes n ON n.id_type = 'email' AND n.id_value = v.id_value
;
CREATE TABLE weft_tmp_id_ids_1 AS
SELECT node_id, id_value, first_seen, last_seen FROM weft_tmp_id_known WHERE node_id IS NOT NULL
UNION ALL
SELECT 1000 + ROW_NUMBER() OVER (ORDER BY id_value) AS node_id, id_value, first_seen, last_seen
FROM weft_tmp_id_known WHERE node_id IS NULL
;
DROP TABLE weft_tmp_id_known
;
INSERT INTO weft_id_nodes (node_id, id_type, id_value)
SELECT node_id, 'email', id_value FROM weft_tmp_id_ids_1 WHERE node_id > 1000
