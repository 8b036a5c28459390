{#- Benchmark baseline only: plain min-label propagation, as many rounds as the longest shortest path.
    Input {{ edges }}(a, b). -#}
DROP TABLE IF EXISTS {{ p }}ml_e
;
CREATE TABLE {{ p }}ml_e AS SELECT a, b FROM {{ edges }} UNION ALL SELECT b AS a, a AS b FROM {{ edges }}
;
DROP TABLE IF EXISTS {{ p }}ml_lab0
;
CREATE TABLE {{ p }}ml_lab0 AS SELECT a AS v, MIN(LEAST(a, b)) AS label FROM {{ p }}ml_e GROUP BY a
