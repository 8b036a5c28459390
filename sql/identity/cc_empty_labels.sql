{#- No edge survived pruning: the label table of round 1 is empty. -#}
DROP TABLE IF EXISTS {{ p }}lab1
;
CREATE TABLE {{ p }}lab1 AS SELECT a AS v, b AS label FROM {{ p }}e1 WHERE 1 = 0
;
DROP TABLE {{ p }}e1
