{#- One round of randomised contraction (Boegeholz, Brand, Todor, ICDE 2020). Every node of
    {{ p }}e{{ i }} takes as representative the node of lowest priority among itself and its neighbours;
    each edge is moved onto its endpoints' representatives, and edges that become loops vanish.
    The priority is a seeded hash, used only to order; labels stay real node keys. Each edge offers
    the lower-priority of its two ends to both of them (that covers "itself" too), so a round needs
    no join to find priorities: two hashes per edge, one grouping. -#}
-- name: reps
DROP TABLE IF EXISTS {{ p }}rep{{ i }}
;
CREATE TABLE {{ p }}rep{{ i }} AS
WITH h AS (SELECT a, b, {{ d.hashBigint('a', seed) }} AS ha, {{ d.hashBigint('b', seed) }} AS hb FROM {{ p }}e{{ i }})
SELECT v, {{ d.minBy('m', 'pm') }} AS rep
FROM (
  SELECT a AS v, CASE WHEN ha < hb THEN a ELSE b END AS m, CASE WHEN ha < hb THEN ha ELSE hb END AS pm FROM h
  UNION ALL
  SELECT b AS v, CASE WHEN ha < hb THEN a ELSE b END AS m, CASE WHEN ha < hb THEN ha ELSE hb END AS pm FROM h
) c
GROUP BY v
-- name: contract
DROP TABLE IF EXISTS {{ p }}e{{ i + 1 }}
;
CREATE TABLE {{ p }}e{{ i + 1 }} AS
SELECT DISTINCT LEAST(ra.rep, rb.rep) AS a, GREATEST(ra.rep, rb.rep) AS b
FROM {{ p }}e{{ i }} e
JOIN {{ p }}rep{{ i }} ra ON ra.v = e.a
JOIN {{ p }}rep{{ i }} rb ON rb.v = e.b
WHERE ra.rep <> rb.rep
;
DROP TABLE {{ p }}e{{ i }}
