{#- Postgres has no arg-min aggregate: each node's representative is the first row of its group in
    (priority, key) order, which DISTINCT ON takes in one sort. See cc_round.sql for the round itself. -#}
-- name: reps
DROP TABLE IF EXISTS {{ p }}rep{{ i }}
;
CREATE TABLE {{ p }}rep{{ i }} AS
WITH h AS (SELECT a, b, {{ d.hashBigint('a', seed) }} AS ha, {{ d.hashBigint('b', seed) }} AS hb FROM {{ p }}e{{ i }})
SELECT DISTINCT ON (v) v, m AS rep
FROM (
  SELECT a AS v, CASE WHEN ha < hb THEN a ELSE b END AS m, CASE WHEN ha < hb THEN ha ELSE hb END AS pm FROM h
  UNION ALL
  SELECT b AS v, CASE WHEN ha < hb THEN a ELSE b END AS m, CASE WHEN ha < hb THEN ha ELSE hb END AS pm FROM h
) c
ORDER BY v, pm, m
