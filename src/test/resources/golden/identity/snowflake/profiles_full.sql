DROP TABLE IF EXISTS weft_profiles
;
CREATE TABLE weft_profiles AS
SELECT profile_id, MIN(first_seen) AS first_seen, MAX(last_seen) AS last_seen, COUNT(*) AS identifier_count,
  SUM(CASE WHEN id_type = 'user_id' THEN 1 ELSE 0 END) AS user_id_count,
  SUM(CASE WHEN id_type = 'email' THEN 1 ELSE 0 END) AS email_count,
  MAX(CASE WHEN id_type = 'user_id' AND rk = 1 THEN id_value END) AS primary_user_id,
  MAX(CASE WHEN id_type = 'email' AND rk = 1 THEN id_value END) AS primary_email
FROM (
  SELECT g.profile_id, g.id_type, g.id_value, s.first_seen, s.last_seen,
         ROW_NUMBER() OVER (PARTITION BY g.profile_id, g.id_type ORDER BY s.last_seen DESC, g.id_value DESC) AS rk
  FROM weft_id_graph g JOIN weft_id_node_seen s ON s.node_id = g.node_id
) x
GROUP BY profile_id
;
DROP TABLE weft_tmp_id_assign
;
DROP TABLE weft_tmp_id_comp
;
DROP TABLE weft_tmp_id_old
;
DROP TABLE weft_tmp_id_quarantine
;
DROP TABLE weft_tmp_id_scope
;
DROP TABLE IF EXISTS weft_tmp_id_added
