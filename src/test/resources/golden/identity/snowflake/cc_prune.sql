DROP TABLE IF EXISTS weft_tmp_id_cc_deg
;
CREATE TABLE weft_tmp_id_cc_deg AS
SELECT v, COUNT(*) AS deg FROM (SELECT a AS v FROM weft_tmp_id_active UNION ALL SELECT b AS v FROM weft_tmp_id_active) x GROUP BY v
;
DROP TABLE IF EXISTS weft_tmp_id_cc_leaf
;
CREATE TABLE weft_tmp_id_cc_leaf AS
SELECT e.b AS v, e.a AS parent
FROM weft_tmp_id_active e JOIN weft_tmp_id_cc_deg db ON db.v = e.b
WHERE db.deg = 1
UNION ALL
SELECT e.a AS v, e.b AS parent
FROM weft_tmp_id_active e JOIN weft_tmp_id_cc_deg da ON da.v = e.a JOIN weft_tmp_id_cc_deg db ON db.v = e.b
WHERE da.deg = 1 AND db.deg > 1
;
DROP TABLE IF EXISTS weft_tmp_id_cc_e1
;
CREATE TABLE weft_tmp_id_cc_e1 AS
SELECT e.a, e.b
FROM weft_tmp_id_active e JOIN weft_tmp_id_cc_deg da ON da.v = e.a JOIN weft_tmp_id_cc_deg db ON db.v = e.b
WHERE da.deg > 1 AND db.deg > 1
;
DROP TABLE weft_tmp_id_cc_deg
