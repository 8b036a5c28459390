DROP TABLE IF EXISTS weft_tmp_id_added
;
CREATE TABLE weft_tmp_id_added AS
SELECT DISTINCT d.src, d.dst FROM weft_tmp_id_delta_edges d LEFT JOIN weft_id_edges e ON e.src = d.src AND e.dst = d.dst
WHERE e.src IS NULL
;
DROP TABLE IF EXISTS weft_tmp_id_edges_merged
;
CREATE TABLE weft_tmp_id_edges_merged AS
SELECT m.src, m.dst, m.src_type, m.dst_type, m.source_name, m.row_key, m.first_seen, m.last_seen FROM (
  SELECT d.src, d.dst, d.src_type, d.dst_type, d.source_name, e.src IS NULL AS is_new,
     e.row_key AS stored_row_key, e.first_seen AS stored_first_seen, e.last_seen AS stored_last_seen,
     CASE WHEN e.last_seen IS NULL OR d.last_seen >= e.last_seen OR e.last_seen >= r.since THEN d.row_key ELSE e.row_key END AS row_key,
     CASE WHEN e.first_seen IS NULL OR d.first_seen < e.first_seen OR e.first_seen >= r.since THEN d.first_seen ELSE e.first_seen END AS first_seen,
     CASE WHEN e.last_seen IS NULL OR d.last_seen > e.last_seen OR e.last_seen >= r.since THEN d.last_seen ELSE e.last_seen END AS last_seen
  FROM weft_tmp_id_delta_edges d LEFT JOIN weft_id_edges e ON e.src = d.src AND e.dst = d.dst AND e.source_name = d.source_name CROSS JOIN weft_tmp_id_reread r
) m

WHERE m.is_new OR m.row_key IS DISTINCT FROM m.stored_row_key OR m.first_seen IS DISTINCT FROM m.stored_first_seen
   OR m.last_seen IS DISTINCT FROM m.stored_last_seen
;
DELETE FROM weft_id_edges WHERE EXISTS (
  SELECT 1 FROM weft_tmp_id_edges_merged m
  WHERE m.src = weft_id_edges.src AND m.dst = weft_id_edges.dst AND m.source_name = weft_id_edges.source_name)
;
INSERT INTO weft_id_edges (src, dst, src_type, dst_type, source_name, row_key, first_seen, last_seen)
SELECT src, dst, src_type, dst_type, source_name, row_key, first_seen, last_seen FROM weft_tmp_id_edges_merged
;
DROP TABLE weft_tmp_id_edges_merged
;
DROP TABLE IF EXISTS weft_tmp_id_seen_merged
;
CREATE TABLE weft_tmp_id_seen_merged AS
SELECT d.node_id,
   CASE WHEN s.first_seen IS NULL OR d.first_seen < s.first_seen OR s.first_seen >= r.since THEN d.first_seen ELSE s.first_seen END AS first_seen,
   CASE WHEN s.last_seen IS NULL OR d.last_seen > s.last_seen OR s.last_seen >= r.since THEN d.last_seen ELSE s.last_seen END AS last_seen,
   CASE WHEN s.node_id IS NULL OR d.last_seen > (SELECT MIN(watermark) FROM weft_id_watermarks) THEN 1 ELSE 0 END AS is_new
FROM weft_tmp_id_ids d LEFT JOIN weft_id_node_seen s ON s.node_id = d.node_id CROSS JOIN weft_tmp_id_reread r
;
DROP TABLE IF EXISTS weft_tmp_id_sighted
;
CREATE TABLE weft_tmp_id_sighted AS
SELECT m.node_id FROM weft_tmp_id_seen_merged m LEFT JOIN weft_id_node_seen s ON s.node_id = m.node_id
WHERE m.is_new = 1 OR m.first_seen IS DISTINCT FROM s.first_seen OR m.last_seen IS DISTINCT FROM s.last_seen
;
MERGE INTO weft_id_node_seen AS t USING (SELECT node_id, first_seen, last_seen FROM weft_tmp_id_seen_merged) AS s ON t.node_id = s.node_id WHEN MATCHED THEN UPDATE SET first_seen = s.first_seen, last_seen = s.last_seen WHEN NOT MATCHED THEN INSERT (node_id, first_seen, last_seen) VALUES (s.node_id, s.first_seen, s.last_seen)
;
DROP TABLE weft_tmp_id_seen_merged
;
DROP TABLE weft_tmp_id_delta_edges
