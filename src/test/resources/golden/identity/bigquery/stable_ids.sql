DROP TABLE IF EXISTS weft_tmp_id_members
;
CREATE TABLE weft_tmp_id_members AS
SELECT o.profile_id, o.node_id, c.comp, c.id_rank, c.first_seen
FROM weft_tmp_id_old o LEFT JOIN weft_tmp_id_comp c ON c.node_id = o.node_id
;
DROP TABLE IF EXISTS weft_tmp_id_overlap
;
CREATE TABLE weft_tmp_id_overlap AS
SELECT profile_id, comp, COUNT(*) AS n FROM weft_tmp_id_members WHERE comp IS NOT NULL GROUP BY profile_id, comp
;
DROP TABLE IF EXISTS weft_tmp_id_gone
;
CREATE TABLE weft_tmp_id_gone AS
SELECT m.profile_id, MIN(CASE n.id_type WHEN 'user_id' THEN 0 WHEN 'email' THEN 1 END) AS id_rank
FROM weft_tmp_id_members m JOIN weft_id_nodes n ON n.node_id = m.node_id
WHERE m.comp IS NULL
GROUP BY m.profile_id
;
DROP TABLE IF EXISTS weft_tmp_id_anchor
;
CREATE TABLE weft_tmp_id_anchor AS
SELECT profile_id, comp, node_id, id_rank, first_seen FROM (
  SELECT profile_id, comp, node_id, id_rank, first_seen,
         ROW_NUMBER() OVER (PARTITION BY profile_id ORDER BY id_rank, first_seen NULLS LAST, node_id) AS rn
  FROM weft_tmp_id_members WHERE comp IS NOT NULL
) x WHERE rn = 1
;
DROP TABLE weft_tmp_id_members
;
DROP TABLE IF EXISTS weft_tmp_id_survive
;
CREATE TABLE weft_tmp_id_survive AS
SELECT a.profile_id, a.comp, a.node_id, a.id_rank, a.first_seen,
       CASE WHEN g.profile_id IS NULL OR g.id_rank >= a.id_rank OR top.top_rank > g.id_rank THEN 1 ELSE 0 END AS may_name
FROM weft_tmp_id_anchor a
LEFT JOIN weft_tmp_id_gone g ON g.profile_id = a.profile_id
LEFT JOIN (
  SELECT c.comp, MIN(c.id_rank) AS top_rank FROM weft_tmp_id_comp c
  WHERE c.comp IN (SELECT a2.comp FROM weft_tmp_id_anchor a2 JOIN weft_tmp_id_gone g2 ON g2.profile_id = a2.profile_id WHERE g2.id_rank < a2.id_rank)
  GROUP BY c.comp
) top ON top.comp = a.comp
;
DROP TABLE weft_tmp_id_anchor
;
DROP TABLE weft_tmp_id_gone
;
DROP TABLE IF EXISTS weft_tmp_id_assign
;
CREATE TABLE weft_tmp_id_assign AS
SELECT comp, profile_id, 0 AS is_new FROM (
  SELECT comp, profile_id, ROW_NUMBER() OVER (PARTITION BY comp ORDER BY id_rank, first_seen NULLS LAST, node_id) AS rn
  FROM weft_tmp_id_survive WHERE may_name = 1
) x WHERE rn = 1
UNION ALL
SELECT c.comp, 'p7_' || CAST(c.comp AS STRING) AS profile_id, 1 AS is_new
FROM (SELECT DISTINCT comp FROM weft_tmp_id_comp) c LEFT JOIN weft_tmp_id_survive s ON s.comp = c.comp AND s.may_name = 1
WHERE s.comp IS NULL
;
INSERT INTO weft_id_profile_registry (profile_id, created_seq)
SELECT profile_id, 7 FROM weft_tmp_id_assign WHERE is_new = 1
;
INSERT INTO weft_profile_changes (run_id, change, old_profile_ids, new_profile_id, reason, changed_at)
SELECT 'run-7', 'MERGE', STRING_AGG(s.profile_id, ',' ORDER BY s.profile_id), a.profile_id,
       CAST(COUNT(*) AS STRING) || ' profiles now linked by shared identifiers', CURRENT_TIMESTAMP()
FROM weft_tmp_id_survive s JOIN weft_tmp_id_assign a ON a.comp = s.comp
GROUP BY a.profile_id
HAVING COUNT(*) > 1 OR MAX(a.is_new) = 1
;
INSERT INTO weft_profile_changes (run_id, change, old_profile_ids, new_profile_id, reason, changed_at)
SELECT 'run-7', 'SPLIT', o.profile_id, a.profile_id,
       CAST(o.n AS STRING) || ' identifiers no longer linked to ' || o.profile_id, CURRENT_TIMESTAMP()
FROM weft_tmp_id_overlap o
JOIN weft_tmp_id_survive s ON s.profile_id = o.profile_id AND s.comp <> o.comp
JOIN weft_tmp_id_assign a ON a.comp = o.comp
;
INSERT INTO weft_profile_changes (run_id, change, old_profile_ids, new_profile_id, reason, changed_at)
SELECT 'run-7', 'NEW', CAST(NULL AS STRING), a.profile_id, 'new identifiers', CURRENT_TIMESTAMP()
FROM weft_tmp_id_assign a LEFT JOIN weft_tmp_id_overlap o ON o.comp = a.comp
WHERE a.is_new = 1 AND o.comp IS NULL
;
DROP TABLE weft_tmp_id_overlap
;
DROP TABLE weft_tmp_id_survive
