{#- Keys this run's identifiers cannot take as they are: one key for two of them (any types), or a new
    identifier's key already held in the dictionary by another. Expected empty (a 64-bit hash collides once in
    some 4 billion identifiers); the run gives each loser a salted hash of its own and records it in
    {{ t.key_overrides }}. Writes {{ p }}collisions(node_id). -#}
DROP TABLE IF EXISTS {{ p }}collisions
;
CREATE TABLE {{ p }}collisions AS
SELECT node_id FROM (
{%- for i in ids %}
  {% if not loop.first %}UNION ALL {% endif %}SELECT node_id FROM {{ p }}ids_{{ i }}
{%- endfor %}
) a GROUP BY node_id HAVING COUNT(*) > 1
{{ UNION }}
SELECT n.node_id FROM {{ t.nodes }} n JOIN (
{%- for i in ids %}
  {% if not loop.first %}UNION ALL {% endif %}SELECT node_id FROM {{ p }}ids_{{ i }} WHERE is_new = 1
{%- endfor %}
) a ON a.node_id = n.node_id
