DROP TABLE IF EXISTS weft_tmp_id_cc_rep3
;
CREATE TABLE weft_tmp_id_cc_rep3 AS
WITH h AS (SELECT a, b, FARM_FINGERPRINT(CONCAT(CAST(a AS STRING), ':424242')) AS ha, FARM_FINGERPRINT(CONCAT(CAST(b AS STRING), ':424242')) AS hb FROM weft_tmp_id_cc_e3)
SELECT v, ANY_VALUE(m HAVING MIN pm) AS rep
FROM (
  SELECT a AS v, CASE WHEN ha < hb THEN a ELSE b END AS m, CASE WHEN ha < hb THEN ha ELSE hb END AS pm FROM h
  UNION ALL
  SELECT b AS v, CASE WHEN ha < hb THEN a ELSE b END AS m, CASE WHEN ha < hb THEN ha ELSE hb END AS pm FROM h
) c
GROUP BY v
;
DROP TABLE IF EXISTS weft_tmp_id_cc_e4
;
CREATE TABLE weft_tmp_id_cc_e4 AS
SELECT DISTINCT LEAST(ra.rep, rb.rep) AS a, GREATEST(ra.rep, rb.rep) AS b
FROM weft_tmp_id_cc_e3 e
JOIN weft_tmp_id_cc_rep3 ra ON ra.v = e.a
JOIN weft_tmp_id_cc_rep3 rb ON rb.v = e.b
WHERE ra.rep <> rb.rep
;
DROP TABLE weft_tmp_id_cc_e3
