{#- Per-profile limits, step 3, one round: every cluster now holds a limited identifier. Two clusters may join
    only while together they stay within every limit; a pair over a limit stays over it (clusters only grow), so
    its links are dropped whenever they come. Of the pairs that fit, one that is the strongest for both its
    clusters is what Kruskal's algorithm decides next for them: no stronger link that could still be taken
    touches either. All such pairs (a matching) join at once: {{ p }}lim_lab maps each pair's second cluster to
    its first. No pair left means the clusters are the profiles. -#}
DROP TABLE IF EXISTS {{ p }}lim_pick
;
CREATE TABLE {{ p }}lim_pick AS
WITH counts AS (
  SELECT c.cl{% for l in limited %}, SUM(CASE WHEN n.id_type = '{{ l.type }}' THEN 1 ELSE 0 END) AS n{{ loop.index }}{% endfor %}
  FROM {{ p }}lim_cl{{ i }} c JOIN {{ p }}lim_node n ON n.node_id = c.node_id
  GROUP BY c.cl
),
pairs AS (
  SELECT LEAST(x.cl, y.cl) AS a, GREATEST(x.cl, y.cl) AS b, MIN(e.w) AS w
  FROM {{ p }}lim_edge e
  JOIN {{ p }}lim_cl{{ i }} x ON x.node_id = e.a
  JOIN {{ p }}lim_cl{{ i }} y ON y.node_id = e.b
  WHERE x.cl <> y.cl
  GROUP BY LEAST(x.cl, y.cl), GREATEST(x.cl, y.cl)
),
fit AS (
  SELECT pr.a, pr.b, pr.w
  FROM pairs pr JOIN counts ca ON ca.cl = pr.a JOIN counts cb ON cb.cl = pr.b
  WHERE {% for l in limited %}ca.n{{ loop.index }} + cb.n{{ loop.index }} <= {{ l.limit }}{% if not loop.last %} AND {% endif %}{% endfor %}
),
best AS (SELECT v, MIN(w) AS w FROM (SELECT a AS v, w FROM fit UNION ALL SELECT b AS v, w FROM fit) s GROUP BY v)
SELECT f.a, f.b
FROM fit f JOIN best ba ON ba.v = f.a AND ba.w = f.w JOIN best bb ON bb.v = f.b AND bb.w = f.w
;
DROP TABLE IF EXISTS {{ p }}lim_lab
;
CREATE TABLE {{ p }}lim_lab AS SELECT b AS node_id, a AS comp FROM {{ p }}lim_pick
