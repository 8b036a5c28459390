DROP TABLE IF EXISTS weft_tmp_id_cc
;
CREATE TABLE weft_tmp_id_cc AS
WITH lab AS (
  SELECT v, label FROM weft_tmp_id_cc_lab1
  UNION ALL
  SELECT l.v, COALESCE(c.label, l.parent) AS label FROM weft_tmp_id_cc_leaf l LEFT JOIN weft_tmp_id_cc_lab1 c ON c.v = l.parent
  UNION ALL
  SELECT DISTINCT l.parent AS v, l.parent AS label FROM weft_tmp_id_cc_leaf l LEFT JOIN weft_tmp_id_cc_lab1 c ON c.v = l.parent
  WHERE c.v IS NULL
),
named AS (SELECT label, MIN(v) AS comp FROM lab GROUP BY label)
SELECT lab.v AS node_id, named.comp FROM lab JOIN named ON named.label = lab.label
;
DROP TABLE weft_tmp_id_cc_lab1
;
DROP TABLE weft_tmp_id_cc_leaf
