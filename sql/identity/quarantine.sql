{#- Identifiers kept out of stitching, with the reason: blocklisted values ({{ p }}blocked), deletion
    requests, and hubs: a node linked to more neighbours of one type than its cap (a shared device, a
    family email) would merge unrelated people. {{ p }}quarantine is this run's set. -#}
DROP TABLE IF EXISTS {{ p }}quarantine
;
CREATE TABLE {{ p }}quarantine AS
WITH excluded AS (
  SELECT node_id, 'blocklist' AS reason, detail FROM {{ p }}blocked
  UNION ALL
  SELECT n.node_id, 'deleted' AS reason, 'deletion requested' AS detail
  FROM {{ t.deletions }} x JOIN {{ t.nodes }} n ON n.id_type = x.id_type AND n.id_value = x.id_value
{%- for c in caps %}
  UNION ALL
  SELECT node_id, 'hub' AS reason,
         'linked to ' || CAST(links AS {{ TEXT }}) || ' {{ c.neighbour }} identifiers, more than the cap of {{ c.cap }}' AS detail
  FROM (
    SELECT node_id, COUNT(DISTINCT nbr) AS links FROM (
      SELECT src AS node_id, dst AS nbr FROM {{ t.edges }} WHERE src_type = '{{ c.type }}' AND dst_type = '{{ c.neighbour }}'
      UNION ALL
      SELECT dst AS node_id, src AS nbr FROM {{ t.edges }} WHERE dst_type = '{{ c.type }}' AND src_type = '{{ c.neighbour }}'
    ) l GROUP BY node_id HAVING COUNT(DISTINCT nbr) > {{ c.cap }}
  ) h{{ loop.index }}
{%- endfor %}
)
SELECT q.node_id, n.id_type, n.id_value, q.reason, q.detail
FROM (SELECT node_id, MIN(reason) AS reason, MIN(detail) AS detail FROM excluded GROUP BY node_id) q
JOIN {{ t.nodes }} n ON n.node_id = q.node_id
;
DROP TABLE {{ p }}blocked
