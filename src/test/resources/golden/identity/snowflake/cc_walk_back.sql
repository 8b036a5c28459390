DROP TABLE IF EXISTS weft_tmp_id_cc_lab2
;
CREATE TABLE weft_tmp_id_cc_lab2 AS
SELECT r.v, r.rep AS label
FROM weft_tmp_id_cc_rep2 r
;
DROP TABLE weft_tmp_id_cc_rep2
;
DROP TABLE IF EXISTS weft_tmp_id_cc_lab1
;
CREATE TABLE weft_tmp_id_cc_lab1 AS
SELECT r.v, COALESCE(l.label, r.rep) AS label
FROM weft_tmp_id_cc_rep1 r
LEFT JOIN weft_tmp_id_cc_lab2 l ON l.v = r.rep
;
DROP TABLE weft_tmp_id_cc_rep1
;
DROP TABLE weft_tmp_id_cc_lab2
