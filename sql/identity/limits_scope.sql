{#- Per-profile limits (README, "Limits"), step 1: the components of this run that hold more identifiers of a
    limited type than its limit, with their identifiers ({{ p }}lim_node; lim = 1 for a limited type) and the links
    among them ({{ p }}lim_edge). A link's strength w ranks it: by the priority of the lower-priority type at its
    two ends, then of the higher-priority one (a cookie's link to a user_id outranks its link to a device), then
    most recently seen first, then by keys; so w is unique (1 is the strongest) and the split depends on nothing
    but the component. Components within their limits are left as computed.
    {{ p }}lim_cl0 starts every identifier in a cluster of its own. -#}
{%- macro rank(col) -%}
CASE {{ col }}{% for r in ranks %} WHEN '{{ r.type }}' THEN {{ r.rank }}{% endfor %} ELSE {{ ranks | length }} END
{%- endmacro -%}
{%- macro limited_types() -%}
{% for l in limited %}'{{ l.type }}'{% if not loop.last %}, {% endif %}{% endfor %}
{%- endmacro %}
DROP TABLE IF EXISTS {{ p }}lim_node
;
CREATE TABLE {{ p }}lim_node AS
WITH over_limit AS (
  SELECT c.comp FROM {{ p }}cc c JOIN {{ p }}scope n ON n.node_id = c.node_id
  WHERE n.id_rank IN ({% for l in limited %}{{ l.rank }}{% if not loop.last %}, {% endif %}{% endfor %})
  GROUP BY c.comp
  HAVING {% for l in limited %}SUM(CASE WHEN n.id_rank = {{ l.rank }} THEN 1 ELSE 0 END) > {{ l.limit }}{% if not loop.last %}
      OR {% endif %}{% endfor %}
)
SELECT c.node_id, n.id_type, n.id_value, c.comp, CASE WHEN n.id_type IN ({{ limited_types() }}) THEN 1 ELSE 0 END AS lim
FROM {{ p }}cc c JOIN over_limit o ON o.comp = c.comp JOIN {{ t.nodes }} n ON n.node_id = c.node_id
;
DROP TABLE IF EXISTS {{ p }}lim_edge
;
CREATE TABLE {{ p }}lim_edge AS
SELECT a, b, ROW_NUMBER() OVER (ORDER BY GREATEST(ra, rb), LEAST(ra, rb), last_seen DESC NULLS LAST, a, b) AS w
FROM (
  SELECT e.src AS a, e.dst AS b, {{ rank('x.id_type') }} AS ra, {{ rank('y.id_type') }} AS rb, MAX(e.last_seen) AS last_seen
  FROM {{ t.edges }} e
  JOIN {{ p }}lim_node x ON x.node_id = e.src
  JOIN {{ p }}lim_node y ON y.node_id = e.dst
  GROUP BY e.src, e.dst, x.id_type, y.id_type
) l
;
DROP TABLE IF EXISTS {{ p }}lim_cl0
;
CREATE TABLE {{ p }}lim_cl0 AS SELECT node_id, node_id AS cl, lim FROM {{ p }}lim_node
