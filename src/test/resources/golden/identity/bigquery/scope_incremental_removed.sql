DROP TABLE IF EXISTS weft_tmp_id_scope
;
DROP TABLE IF EXISTS weft_tmp_id_seeds
;
CREATE TABLE weft_tmp_id_seeds AS
SELECT src AS node_id FROM weft_tmp_id_added
UNION DISTINCT SELECT node_id FROM weft_tmp_id_sighted
UNION DISTINCT SELECT dst FROM weft_tmp_id_added
UNION DISTINCT SELECT node_id FROM weft_id_nodes WHERE node_id > 1000
UNION DISTINCT SELECT src FROM weft_tmp_id_removed
UNION DISTINCT SELECT dst FROM weft_tmp_id_removed
UNION DISTINCT SELECT node_id FROM (
  SELECT node_id FROM weft_tmp_id_quarantine EXCEPT DISTINCT SELECT node_id FROM weft_id_quarantine
) newly_quarantined
UNION DISTINCT SELECT node_id FROM (
  SELECT node_id FROM weft_id_quarantine EXCEPT DISTINCT SELECT node_id FROM weft_tmp_id_quarantine
) released
UNION DISTINCT SELECT e.dst FROM weft_id_edges e JOIN (
  SELECT node_id FROM weft_id_quarantine EXCEPT DISTINCT SELECT node_id FROM weft_tmp_id_quarantine
) r ON r.node_id = e.src
UNION DISTINCT SELECT e.src FROM weft_id_edges e JOIN (
  SELECT node_id FROM weft_id_quarantine EXCEPT DISTINCT SELECT node_id FROM weft_tmp_id_quarantine
) r ON r.node_id = e.dst
;
DROP TABLE IF EXISTS weft_tmp_id_old
;
CREATE TABLE weft_tmp_id_old AS
SELECT g.node_id, g.profile_id FROM weft_id_membership g
WHERE g.profile_id IN (SELECT g2.profile_id FROM weft_id_membership g2 JOIN weft_tmp_id_seeds s ON s.node_id = g2.node_id)
;
DROP TABLE IF EXISTS weft_tmp_id_rowless
;
CREATE TABLE weft_tmp_id_rowless AS
SELECT x.node_id FROM (SELECT src AS node_id FROM weft_tmp_id_removed UNION DISTINCT SELECT dst FROM weft_tmp_id_removed) x
JOIN weft_id_node_seen s ON s.node_id = x.node_id
CROSS JOIN weft_tmp_id_reread r
LEFT JOIN weft_tmp_id_ids i ON i.node_id = x.node_id
WHERE i.node_id IS NULL AND s.first_seen >= r.since
;
CREATE TABLE weft_tmp_id_scope AS
SELECT u.node_id, CASE n.id_type WHEN 'user_id' THEN 0 WHEN 'email' THEN 1 END AS id_rank,
       s.first_seen, s.last_seen
FROM (SELECT node_id FROM weft_tmp_id_old UNION DISTINCT SELECT node_id FROM weft_tmp_id_seeds) u
JOIN weft_id_node_seen s ON s.node_id = u.node_id
JOIN weft_id_nodes n ON n.node_id = u.node_id
LEFT JOIN weft_tmp_id_quarantine q ON q.node_id = u.node_id
LEFT JOIN weft_tmp_id_rowless g ON g.node_id = u.node_id
WHERE q.node_id IS NULL AND g.node_id IS NULL
;
DROP TABLE weft_tmp_id_seeds
;
DROP TABLE weft_tmp_id_sighted
;
DROP TABLE weft_tmp_id_removed
;
DROP TABLE weft_tmp_id_rowless
;
DROP TABLE weft_tmp_id_reread
;
DROP TABLE weft_tmp_id_ids
;
DROP TABLE IF EXISTS weft_tmp_id_active
;
CREATE TABLE weft_tmp_id_active AS
SELECT e.src AS a, e.dst AS b FROM weft_id_edges e

JOIN weft_tmp_id_scope sa ON sa.node_id = e.src
JOIN weft_tmp_id_scope sb ON sb.node_id = e.dst
