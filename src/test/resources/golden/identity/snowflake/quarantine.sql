DROP TABLE IF EXISTS weft_tmp_id_quarantine
;
CREATE TABLE weft_tmp_id_quarantine AS
WITH excluded AS (
  SELECT node_id, 'blocklist' AS reason, detail FROM weft_tmp_id_blocked
  UNION ALL
  SELECT n.node_id, 'deleted' AS reason, 'deletion requested' AS detail
  FROM weft_id_deletions x JOIN weft_id_nodes n ON n.id_type = x.id_type AND n.id_value = x.id_value
  UNION ALL
  SELECT node_id, 'hub' AS reason,
         'linked to ' || CAST(links AS VARCHAR) || ' user_id identifiers, more than the cap of 50' AS detail
  FROM (
    SELECT node_id, COUNT(DISTINCT nbr) AS links FROM (
      SELECT src AS node_id, dst AS nbr FROM weft_id_edges WHERE src_type = 'device_id' AND dst_type = 'user_id'
      UNION ALL
      SELECT dst AS node_id, src AS nbr FROM weft_id_edges WHERE dst_type = 'device_id' AND src_type = 'user_id'
    ) l GROUP BY node_id HAVING COUNT(DISTINCT nbr) > 50
  ) h1
)
SELECT q.node_id, n.id_type, n.id_value, q.reason, q.detail
FROM (SELECT node_id, MIN(reason) AS reason, MIN(detail) AS detail FROM excluded GROUP BY node_id) q
JOIN weft_id_nodes n ON n.node_id = q.node_id
;
DROP TABLE weft_tmp_id_blocked
