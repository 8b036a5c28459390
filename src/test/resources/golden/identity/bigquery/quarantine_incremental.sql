DROP TABLE IF EXISTS weft_tmp_id_quarantine
;
CREATE TABLE weft_tmp_id_quarantine AS
WITH recount AS (
  SELECT src AS node_id FROM weft_tmp_id_added
  UNION DISTINCT SELECT dst FROM weft_tmp_id_added
  UNION DISTINCT SELECT src FROM weft_tmp_id_removed
  UNION DISTINCT SELECT dst FROM weft_tmp_id_removed
  UNION DISTINCT SELECT node_id FROM weft_id_quarantine WHERE reason <> 'hub'
),
capped AS (
  SELECT node_id, nbr, nbr_type, cap FROM (
    SELECT node_id, nbr, nbr_type,
           CASE WHEN node_type = 'device_id' AND nbr_type = 'user_id' THEN 50 END AS cap
    FROM (
      SELECT e.src AS node_id, e.src_type AS node_type, e.dst AS nbr, e.dst_type AS nbr_type FROM weft_id_edges e
      JOIN recount r ON r.node_id = e.src
      UNION ALL
      SELECT e.dst AS node_id, e.dst_type AS node_type, e.src AS nbr, e.src_type AS nbr_type FROM weft_id_edges e
      JOIN recount r ON r.node_id = e.dst
    ) ends
  ) e WHERE cap IS NOT NULL
),
excluded AS (
  SELECT node_id, 'blocklist' AS reason, detail FROM weft_tmp_id_blocked
  UNION ALL
  SELECT n.node_id, 'deleted' AS reason, 'deletion requested' AS detail
  FROM weft_id_deletions x JOIN weft_id_nodes n ON n.id_type = x.id_type AND n.id_value = x.id_value
  UNION ALL
  
  SELECT h.node_id, 'hub' AS reason,
         'linked to ' || CAST(h.links AS STRING) || ' ' || h.nbr_type || ' identifiers, more than the cap of ' || CAST(h.cap AS STRING) AS detail
  FROM (
    SELECT l.node_id, l.nbr_type, l.cap, COUNT(DISTINCT l.nbr) AS links
    FROM capped l
    JOIN (SELECT node_id, nbr_type FROM capped GROUP BY node_id, nbr_type, cap HAVING COUNT(*) > cap) c
      ON c.node_id = l.node_id AND c.nbr_type = l.nbr_type
    GROUP BY l.node_id, l.nbr_type, l.cap HAVING COUNT(DISTINCT l.nbr) > l.cap
  ) h
  UNION ALL
  SELECT o.node_id, o.reason, o.detail FROM weft_id_quarantine o LEFT JOIN recount r ON r.node_id = o.node_id
  WHERE o.reason = 'hub' AND r.node_id IS NULL
)
SELECT q.node_id, n.id_type, n.id_value, q.reason, q.detail
FROM (SELECT node_id, MIN(reason) AS reason, MIN(detail) AS detail FROM excluded GROUP BY node_id) q
JOIN weft_id_nodes n ON n.node_id = q.node_id
;
DROP TABLE weft_tmp_id_blocked
