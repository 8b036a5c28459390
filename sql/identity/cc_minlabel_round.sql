{#- Benchmark baseline: every node takes the smallest label among itself and its neighbours. -#}
DROP TABLE IF EXISTS {{ p }}ml_lab{{ i + 1 }}
;
CREATE TABLE {{ p }}ml_lab{{ i + 1 }} AS
SELECT l.v, LEAST(l.label, COALESCE(m.label, l.label)) AS label
FROM {{ p }}ml_lab{{ i }} l
LEFT JOIN (SELECT e.a AS v, MIN(n.label) AS label FROM {{ p }}ml_e e JOIN {{ p }}ml_lab{{ i }} n ON n.v = e.b GROUP BY e.a) m
  ON m.v = l.v
