{#- Per-profile limits, last step: the clusters are the profiles ({{ p }}lim_final, named by their smallest key).
    Every link between two of them is dropped ({{ p }}lim_drop), with the limit it would break (the highest-priority
    type over its limit were the two profiles joined) and the component it was in, so that a later incremental run
    recomputes that component whole. -#}
DROP TABLE IF EXISTS {{ p }}lim_drop
;
CREATE TABLE {{ p }}lim_drop AS
WITH piece AS (
  SELECT c.cl{% for l in limited %},
         SUM(CASE WHEN n.id_type = '{{ l.type }}' THEN 1 ELSE 0 END) AS n{{ loop.index }},
         MIN(CASE WHEN n.id_type = '{{ l.type }}' THEN n.id_value END) AS v{{ loop.index }}{% endfor %}
  FROM {{ p }}lim_cl{{ i }} c JOIN {{ p }}lim_node n ON n.node_id = c.node_id
  GROUP BY c.cl
)
SELECT e.a AS src, e.b AS dst, n.comp,
       CASE{% for l in limited %} WHEN px.n{{ loop.index }} + py.n{{ loop.index }} > {{ l.limit }} THEN '{{ l.type }}'{% endfor %} END AS id_type,
       CASE{% for l in limited %}
         WHEN px.n{{ loop.index }} + py.n{{ loop.index }} > {{ l.limit }}
         THEN 'would join {{ l.type }} ' || LEAST(px.v{{ loop.index }}, py.v{{ loop.index }}) || ' with {{ l.type }} '
              || GREATEST(px.v{{ loop.index }}, py.v{{ loop.index }}) || ' in one profile ('
              || CAST(px.n{{ loop.index }} + py.n{{ loop.index }} AS {{ TEXT }}) || ' {{ l.type }}, limit {{ l.limit }})'{% endfor %}
       END AS detail
FROM {{ p }}lim_edge e
JOIN {{ p }}lim_cl{{ i }} x ON x.node_id = e.a
JOIN {{ p }}lim_cl{{ i }} y ON y.node_id = e.b
JOIN piece px ON px.cl = x.cl
JOIN piece py ON py.cl = y.cl
JOIN {{ p }}lim_node n ON n.node_id = e.a
WHERE x.cl <> y.cl
;
DROP TABLE IF EXISTS {{ p }}lim_final
;
CREATE TABLE {{ p }}lim_final AS SELECT node_id, cl AS comp FROM {{ p }}lim_cl{{ i }}
;
DROP TABLE {{ p }}lim_cl{{ i }}
;
DROP TABLE {{ p }}lim_edge
;
DROP TABLE {{ p }}lim_node
