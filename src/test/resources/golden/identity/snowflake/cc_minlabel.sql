DROP TABLE IF EXISTS weft_tmp_id_cc_ml_e
;
CREATE TABLE weft_tmp_id_cc_ml_e AS SELECT a, b FROM weft_bench_edges UNION ALL SELECT b AS a, a AS b FROM weft_bench_edges
;
DROP TABLE IF EXISTS weft_tmp_id_cc_ml_lab0
;
CREATE TABLE weft_tmp_id_cc_ml_lab0 AS SELECT a AS v, MIN(LEAST(a, b)) AS label FROM weft_tmp_id_cc_ml_e GROUP BY a
;
DROP TABLE IF EXISTS weft_tmp_id_cc_ml_lab1
;
CREATE TABLE weft_tmp_id_cc_ml_lab1 AS
SELECT l.v, LEAST(l.label, COALESCE(m.label, l.label)) AS label
FROM weft_tmp_id_cc_ml_lab0 l
LEFT JOIN (SELECT e.a AS v, MIN(n.label) AS label FROM weft_tmp_id_cc_ml_e e JOIN weft_tmp_id_cc_ml_lab0 n ON n.v = e.b GROUP BY e.a) m
  ON m.v = l.v
