{#- Final component of every node that had an edge: core nodes by their walked-back label, pruned
    leaves by their parent's, parents left without core edges by themselves. The component is then
    named by its smallest node key, so the result does not depend on the random priorities. -#}
DROP TABLE IF EXISTS {{ out }}
;
CREATE TABLE {{ out }} AS
WITH lab AS (
  SELECT v, label FROM {{ p }}lab1
  UNION ALL
  SELECT l.v, COALESCE(c.label, l.parent) AS label FROM {{ p }}leaf l LEFT JOIN {{ p }}lab1 c ON c.v = l.parent
  UNION ALL
  SELECT DISTINCT l.parent AS v, l.parent AS label FROM {{ p }}leaf l LEFT JOIN {{ p }}lab1 c ON c.v = l.parent
  WHERE c.v IS NULL
),
named AS (SELECT label, MIN(v) AS comp FROM lab GROUP BY label)
SELECT lab.v AS node_id, named.comp FROM lab JOIN named ON named.label = lab.label
;
DROP TABLE {{ p }}lab1
;
DROP TABLE {{ p }}leaf
