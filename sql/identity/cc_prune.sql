{#- Leaf pruning before contraction. A node of degree 1 belongs to its neighbour's component, so it is
    set aside (leaf -> parent) and re-attached after the rounds; only edges between nodes of degree >= 2
    are contracted. Most cookies and many emails have one neighbour, so this shrinks the first round.
    Input {{ edges }}(a, b): a < b, no loops; a pair may repeat
    (its ends then count it twice, so they are not taken for leaves: correct, only less pruned). -#}
DROP TABLE IF EXISTS {{ p }}deg
;
CREATE TABLE {{ p }}deg AS
SELECT v, COUNT(*) AS deg FROM (SELECT a AS v FROM {{ edges }} UNION ALL SELECT b AS v FROM {{ edges }}) x GROUP BY v
;
DROP TABLE IF EXISTS {{ p }}leaf
;
CREATE TABLE {{ p }}leaf AS
SELECT e.b AS v, e.a AS parent
FROM {{ edges }} e JOIN {{ p }}deg db ON db.v = e.b
WHERE db.deg = 1
UNION ALL
SELECT e.a AS v, e.b AS parent
FROM {{ edges }} e JOIN {{ p }}deg da ON da.v = e.a JOIN {{ p }}deg db ON db.v = e.b
WHERE da.deg = 1 AND db.deg > 1
;
DROP TABLE IF EXISTS {{ p }}e1
;
CREATE TABLE {{ p }}e1 AS
SELECT e.a, e.b
FROM {{ edges }} e JOIN {{ p }}deg da ON da.v = e.a JOIN {{ p }}deg db ON db.v = e.b
WHERE da.deg > 1 AND db.deg > 1
;
DROP TABLE {{ p }}deg
