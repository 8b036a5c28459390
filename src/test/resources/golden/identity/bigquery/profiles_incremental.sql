DROP TABLE IF EXISTS weft_tmp_id_prof_g
;
CREATE TABLE weft_tmp_id_prof_g AS
WITH r AS (
  SELECT comp, node_id, id_rank, first_seen, last_seen,
         ROW_NUMBER() OVER (PARTITION BY comp, id_rank ORDER BY last_seen DESC NULLS LAST, node_id DESC) AS rk
  FROM weft_tmp_id_comp
)
SELECT comp, MIN(first_seen) AS first_seen, MAX(last_seen) AS last_seen, COUNT(*) AS identifier_count,
  COUNT(CASE WHEN id_rank = 0 THEN 1 END) AS user_id_count,
  COUNT(CASE WHEN id_rank = 1 THEN 1 END) AS email_count,
  MAX(CASE WHEN id_rank = 0 AND rk = 1 THEN node_id END) AS user_id_key,
  MAX(CASE WHEN id_rank = 1 AND rk = 1 THEN node_id END) AS email_key
FROM r GROUP BY comp
;
DELETE FROM weft_profiles WHERE profile_id IN (SELECT profile_id FROM weft_tmp_id_old UNION DISTINCT SELECT profile_id FROM weft_tmp_id_assign)
;
INSERT INTO weft_profiles
SELECT a.profile_id, g.first_seen, g.last_seen, g.identifier_count, g.user_id_count, g.email_count, v1.id_value AS primary_user_id, v2.id_value AS primary_email, CURRENT_TIMESTAMP() AS updated_at
FROM weft_tmp_id_prof_g g JOIN weft_tmp_id_assign a ON a.comp = g.comp
LEFT JOIN (SELECT node_id, id_value FROM weft_id_nodes WHERE id_type = 'user_id' AND node_id IN (SELECT user_id_key FROM weft_tmp_id_prof_g)) v1 ON v1.node_id = g.user_id_key
LEFT JOIN (SELECT node_id, id_value FROM weft_id_nodes WHERE id_type = 'email' AND node_id IN (SELECT email_key FROM weft_tmp_id_prof_g)) v2 ON v2.node_id = g.email_key
;
DROP TABLE weft_tmp_id_prof_g
;
DROP TABLE weft_tmp_id_assign
;
DROP TABLE weft_tmp_id_comp
;
DROP TABLE weft_tmp_id_old
;
DROP TABLE weft_tmp_id_quarantine
;
DROP TABLE IF EXISTS weft_tmp_id_added
