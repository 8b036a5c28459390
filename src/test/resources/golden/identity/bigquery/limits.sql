DROP TABLE IF EXISTS weft_tmp_id_lim_node
;
CREATE TABLE weft_tmp_id_lim_node AS
WITH over_limit AS (
  SELECT c.comp FROM weft_tmp_id_cc c JOIN weft_tmp_id_scope n ON n.node_id = c.node_id
  WHERE n.id_rank IN (0, 1)
  GROUP BY c.comp
  HAVING SUM(CASE WHEN n.id_rank = 0 THEN 1 ELSE 0 END) > 1
      OR SUM(CASE WHEN n.id_rank = 1 THEN 1 ELSE 0 END) > 5
)
SELECT c.node_id, n.id_type, n.id_value, c.comp, CASE WHEN n.id_type IN ('user_id', 'email') THEN 1 ELSE 0 END AS lim
FROM weft_tmp_id_cc c JOIN over_limit o ON o.comp = c.comp JOIN weft_id_nodes n ON n.node_id = c.node_id
;
DROP TABLE IF EXISTS weft_tmp_id_lim_edge
;
CREATE TABLE weft_tmp_id_lim_edge AS
SELECT a, b, ROW_NUMBER() OVER (ORDER BY GREATEST(ra, rb), LEAST(ra, rb), last_seen DESC NULLS LAST, a, b) AS w
FROM (
  SELECT e.src AS a, e.dst AS b, CASE x.id_type WHEN 'user_id' THEN 0 WHEN 'email' THEN 1 WHEN 'anonymous_id' THEN 2 ELSE 3 END AS ra, CASE y.id_type WHEN 'user_id' THEN 0 WHEN 'email' THEN 1 WHEN 'anonymous_id' THEN 2 ELSE 3 END AS rb, MAX(e.last_seen) AS last_seen
  FROM weft_id_edges e
  JOIN weft_tmp_id_lim_node x ON x.node_id = e.src
  JOIN weft_tmp_id_lim_node y ON y.node_id = e.dst
  GROUP BY e.src, e.dst, x.id_type, y.id_type
) l
;
DROP TABLE IF EXISTS weft_tmp_id_lim_cl0
;
CREATE TABLE weft_tmp_id_lim_cl0 AS SELECT node_id, node_id AS cl, lim FROM weft_tmp_id_lim_node
;
DROP TABLE IF EXISTS weft_tmp_id_lim_pick
;
CREATE TABLE weft_tmp_id_lim_pick AS
WITH ends AS (
  SELECT x.cl AS c, y.cl AS o, e.w
  FROM weft_tmp_id_lim_edge e
  JOIN weft_tmp_id_lim_cl0 x ON x.node_id = e.a
  JOIN weft_tmp_id_lim_cl0 y ON y.node_id = e.b
  WHERE x.cl <> y.cl
),
sides AS (SELECT c, o, w FROM ends UNION ALL SELECT o AS c, c AS o, w FROM ends),
free AS (SELECT cl FROM weft_tmp_id_lim_cl0 GROUP BY cl HAVING MAX(lim) = 0),
best AS (
  SELECT s.c, s.o, ROW_NUMBER() OVER (PARTITION BY s.c ORDER BY s.w) AS rn
  FROM sides s JOIN free f ON f.cl = s.c
)
SELECT DISTINCT LEAST(c, o) AS a, GREATEST(c, o) AS b FROM best WHERE rn = 1
;
DROP TABLE IF EXISTS weft_tmp_id_lim_cl1
;
CREATE TABLE weft_tmp_id_lim_cl1 AS
SELECT c.node_id, COALESCE(l.comp, c.cl) AS cl, c.lim
FROM weft_tmp_id_lim_cl0 c LEFT JOIN weft_tmp_id_lim_lab l ON l.node_id = c.cl
;
DROP TABLE weft_tmp_id_lim_cl0
;
DROP TABLE weft_tmp_id_lim_lab
;
DROP TABLE weft_tmp_id_lim_pick
;
DROP TABLE IF EXISTS weft_tmp_id_lim_pick
;
CREATE TABLE weft_tmp_id_lim_pick AS
WITH counts AS (
  SELECT c.cl, SUM(CASE WHEN n.id_type = 'user_id' THEN 1 ELSE 0 END) AS n1, SUM(CASE WHEN n.id_type = 'email' THEN 1 ELSE 0 END) AS n2
  FROM weft_tmp_id_lim_cl1 c JOIN weft_tmp_id_lim_node n ON n.node_id = c.node_id
  GROUP BY c.cl
),
pairs AS (
  SELECT LEAST(x.cl, y.cl) AS a, GREATEST(x.cl, y.cl) AS b, MIN(e.w) AS w
  FROM weft_tmp_id_lim_edge e
  JOIN weft_tmp_id_lim_cl1 x ON x.node_id = e.a
  JOIN weft_tmp_id_lim_cl1 y ON y.node_id = e.b
  WHERE x.cl <> y.cl
  GROUP BY LEAST(x.cl, y.cl), GREATEST(x.cl, y.cl)
),
fit AS (
  SELECT pr.a, pr.b, pr.w
  FROM pairs pr JOIN counts ca ON ca.cl = pr.a JOIN counts cb ON cb.cl = pr.b
  WHERE ca.n1 + cb.n1 <= 1 AND ca.n2 + cb.n2 <= 5
),
best AS (SELECT v, MIN(w) AS w FROM (SELECT a AS v, w FROM fit UNION ALL SELECT b AS v, w FROM fit) s GROUP BY v)
SELECT f.a, f.b
FROM fit f JOIN best ba ON ba.v = f.a AND ba.w = f.w JOIN best bb ON bb.v = f.b AND bb.w = f.w
;
DROP TABLE IF EXISTS weft_tmp_id_lim_lab
;
CREATE TABLE weft_tmp_id_lim_lab AS SELECT b AS node_id, a AS comp FROM weft_tmp_id_lim_pick
;
DROP TABLE IF EXISTS weft_tmp_id_lim_drop
;
CREATE TABLE weft_tmp_id_lim_drop AS
WITH piece AS (
  SELECT c.cl,
         SUM(CASE WHEN n.id_type = 'user_id' THEN 1 ELSE 0 END) AS n1,
         MIN(CASE WHEN n.id_type = 'user_id' THEN n.id_value END) AS v1,
         SUM(CASE WHEN n.id_type = 'email' THEN 1 ELSE 0 END) AS n2,
         MIN(CASE WHEN n.id_type = 'email' THEN n.id_value END) AS v2
  FROM weft_tmp_id_lim_cl2 c JOIN weft_tmp_id_lim_node n ON n.node_id = c.node_id
  GROUP BY c.cl
)
SELECT e.a AS src, e.b AS dst, n.comp,
       CASE WHEN px.n1 + py.n1 > 1 THEN 'user_id' WHEN px.n2 + py.n2 > 5 THEN 'email' END AS id_type,
       CASE
         WHEN px.n1 + py.n1 > 1
         THEN 'would join user_id ' || LEAST(px.v1, py.v1) || ' with user_id '
              || GREATEST(px.v1, py.v1) || ' in one profile ('
              || CAST(px.n1 + py.n1 AS STRING) || ' user_id, limit 1)'
         WHEN px.n2 + py.n2 > 5
         THEN 'would join email ' || LEAST(px.v2, py.v2) || ' with email '
              || GREATEST(px.v2, py.v2) || ' in one profile ('
              || CAST(px.n2 + py.n2 AS STRING) || ' email, limit 5)'
       END AS detail
FROM weft_tmp_id_lim_edge e
JOIN weft_tmp_id_lim_cl2 x ON x.node_id = e.a
JOIN weft_tmp_id_lim_cl2 y ON y.node_id = e.b
JOIN piece px ON px.cl = x.cl
JOIN piece py ON py.cl = y.cl
JOIN weft_tmp_id_lim_node n ON n.node_id = e.a
WHERE x.cl <> y.cl
;
DROP TABLE IF EXISTS weft_tmp_id_lim_final
;
CREATE TABLE weft_tmp_id_lim_final AS SELECT node_id, cl AS comp FROM weft_tmp_id_lim_cl2
;
DROP TABLE weft_tmp_id_lim_cl2
;
DROP TABLE weft_tmp_id_lim_edge
;
DROP TABLE weft_tmp_id_lim_node
