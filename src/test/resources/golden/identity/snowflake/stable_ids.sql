DROP TABLE IF EXISTS weft_tmp_id_overlap
;
CREATE TABLE weft_tmp_id_overlap AS
SELECT o.profile_id, c.comp, COUNT(*) AS n
FROM weft_tmp_id_old o JOIN weft_tmp_id_comp c ON c.node_id = o.node_id
GROUP BY o.profile_id, c.comp
;
DROP TABLE IF EXISTS weft_tmp_id_survive
;
CREATE TABLE weft_tmp_id_survive AS
SELECT profile_id, comp, n FROM (
  SELECT profile_id, comp, n, ROW_NUMBER() OVER (PARTITION BY profile_id ORDER BY n DESC, comp) AS rn
  FROM weft_tmp_id_overlap
) x WHERE rn = 1
;
DROP TABLE IF EXISTS weft_tmp_id_assign
;
CREATE TABLE weft_tmp_id_assign AS
SELECT comp, profile_id, 0 AS is_new FROM (
  SELECT s.comp, s.profile_id,
         ROW_NUMBER() OVER (PARTITION BY s.comp ORDER BY s.n DESC, COALESCE(r.created_seq, 0), s.profile_id) AS rn
  FROM weft_tmp_id_survive s LEFT JOIN weft_id_profile_registry r ON r.profile_id = s.profile_id
) x WHERE rn = 1
UNION ALL
SELECT c.comp, 'p7_' || CAST(c.comp AS VARCHAR) AS profile_id, 1 AS is_new
FROM (SELECT DISTINCT comp FROM weft_tmp_id_comp) c LEFT JOIN weft_tmp_id_survive s ON s.comp = c.comp
WHERE s.comp IS NULL
;
INSERT INTO weft_id_profile_registry (profile_id, created_seq)
SELECT profile_id, 7 FROM weft_tmp_id_assign WHERE is_new = 1
;
INSERT INTO weft_profile_changes (run_id, change, old_profile_ids, new_profile_id, reason, changed_at)
SELECT 'run-7', 'MERGE', LISTAGG(s.profile_id, ',') WITHIN GROUP (ORDER BY s.profile_id), a.profile_id,
       CAST(COUNT(*) AS VARCHAR) || ' profiles now linked by shared identifiers', CURRENT_TIMESTAMP
FROM weft_tmp_id_survive s JOIN weft_tmp_id_assign a ON a.comp = s.comp
GROUP BY a.profile_id
HAVING COUNT(*) > 1
;
INSERT INTO weft_profile_changes (run_id, change, old_profile_ids, new_profile_id, reason, changed_at)
SELECT 'run-7', 'SPLIT', o.profile_id, a.profile_id,
       CAST(o.n AS VARCHAR) || ' identifiers no longer linked to ' || o.profile_id, CURRENT_TIMESTAMP
FROM weft_tmp_id_overlap o
JOIN weft_tmp_id_survive s ON s.profile_id = o.profile_id AND s.comp <> o.comp
JOIN weft_tmp_id_assign a ON a.comp = o.comp
;
INSERT INTO weft_profile_changes (run_id, change, old_profile_ids, new_profile_id, reason, changed_at)
SELECT 'run-7', 'NEW', CAST(NULL AS VARCHAR), a.profile_id, 'new identifiers', CURRENT_TIMESTAMP
FROM weft_tmp_id_assign a LEFT JOIN weft_tmp_id_overlap o ON o.comp = a.comp
WHERE a.is_new = 1 AND o.comp IS NULL
;
DROP TABLE weft_tmp_id_overlap
;
DROP TABLE weft_tmp_id_survive
