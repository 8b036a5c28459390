{#- Per-profile limits, step 2, one round. The rule is Kruskal's algorithm with the limits as constraint: links
    are taken strongest first, and a link is dropped when the two profiles it would join hold together more of a
    type than its limit. A cluster holding no limited identifier always takes its strongest link: nothing stronger
    leaves it, so when that link's turn comes the cluster is still alone and adds nothing limited. So every such
    cluster takes it now ({{ p }}lim_pick, cluster pairs), and the clusters so joined are merged by connected
    components; rounds repeat until every cluster holds a limited identifier (Boruvka's O(log n) rounds). -#}
DROP TABLE IF EXISTS {{ p }}lim_pick
;
CREATE TABLE {{ p }}lim_pick AS
WITH ends AS (
  SELECT x.cl AS c, y.cl AS o, e.w
  FROM {{ p }}lim_edge e
  JOIN {{ p }}lim_cl{{ i }} x ON x.node_id = e.a
  JOIN {{ p }}lim_cl{{ i }} y ON y.node_id = e.b
  WHERE x.cl <> y.cl
),
sides AS (SELECT c, o, w FROM ends UNION ALL SELECT o AS c, c AS o, w FROM ends),
free AS (SELECT cl FROM {{ p }}lim_cl{{ i }} GROUP BY cl HAVING MAX(lim) = 0),
best AS (
  SELECT s.c, s.o, ROW_NUMBER() OVER (PARTITION BY s.c ORDER BY s.w) AS rn
  FROM sides s JOIN free f ON f.cl = s.c
)
SELECT DISTINCT LEAST(c, o) AS a, GREATEST(c, o) AS b FROM best WHERE rn = 1
