DROP TABLE IF EXISTS weft_tmp_id_removed
;
CREATE TABLE weft_tmp_id_removed AS
SELECT e.src, e.dst, e.source_name FROM weft_id_edges e
CROSS JOIN weft_tmp_id_reread r
LEFT JOIN weft_tmp_id_delta_edges x ON x.src = e.src AND x.dst = e.dst AND x.source_name = e.source_name
WHERE e.first_seen >= r.since AND x.src IS NULL
;
DELETE FROM weft_id_edges WHERE EXISTS (
  SELECT 1 FROM weft_tmp_id_removed r
  WHERE r.src = weft_id_edges.src AND r.dst = weft_id_edges.dst AND r.source_name = weft_id_edges.source_name)
