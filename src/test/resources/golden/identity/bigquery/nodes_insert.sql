INSERT INTO weft_id_nodes (node_id, id_type, id_value)
SELECT (SELECT COALESCE(MAX(node_id), 0) FROM weft_id_nodes) + ROW_NUMBER() OVER (), c.id_type, c.id_value
FROM (SELECT 'email' AS id_type, id_value FROM (SELECT DISTINCT id_value FROM weft_tmp_id_rows_0) x) c
WHERE NOT EXISTS (SELECT 1 FROM weft_id_nodes n WHERE n.id_type = c.id_type AND n.id_value = c.id_value)
