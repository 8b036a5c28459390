{#- Identifiers kept out of stitching, with the reason: blocklisted values ({{ p }}blocked), deletion
    requests, and hubs: a node linked to more neighbours of one type than its cap (a shared device, a
    family email) would merge unrelated people. {{ p }}quarantine is this run's set.
    Hubs are counted over every link end when {{ recount_all }} (a full run, or caps changed since the last
    run). Otherwise only the identifiers whose neighbours may have changed are counted again: the ends of the
    run's new pairs ({{ p }}added), of the links removed with deleted rows ({{ p }}removed, when {{ removed }}),
    and those quarantined for another reason (which the stored reason hides); every other identifier keeps its
    neighbours, so a stored hub stays one and no other becomes one. At 1M people the count over every end took
    12 s of a 38 s incremental run. -#}
DROP TABLE IF EXISTS {{ p }}quarantine
;
CREATE TABLE {{ p }}quarantine AS
WITH {% if caps and not recount_all %}recount AS (
  SELECT src AS node_id FROM {{ p }}added
  {{ UNION }} SELECT dst FROM {{ p }}added
{%- if removed %}
  {{ UNION }} SELECT src FROM {{ p }}removed
  {{ UNION }} SELECT dst FROM {{ p }}removed
{%- endif %}
  {{ UNION }} SELECT node_id FROM {{ t.quarantine }} WHERE reason <> 'hub'
),
{% endif %}{% if caps %}capped AS (
  SELECT node_id, nbr, nbr_type, cap FROM (
    SELECT node_id, nbr, nbr_type,
           CASE{% for c in caps %} WHEN node_type = '{{ c.type }}' AND nbr_type = '{{ c.neighbour }}' THEN {{ c.cap }}{% endfor %} END AS cap
    FROM (
{%- if recount_all %}
      SELECT src AS node_id, src_type AS node_type, dst AS nbr, dst_type AS nbr_type FROM {{ t.edges }}
      UNION ALL
      SELECT dst AS node_id, dst_type AS node_type, src AS nbr, src_type AS nbr_type FROM {{ t.edges }}
{%- else %}
      SELECT e.src AS node_id, e.src_type AS node_type, e.dst AS nbr, e.dst_type AS nbr_type FROM {{ t.edges }} e
      JOIN recount r ON r.node_id = e.src
      UNION ALL
      SELECT e.dst AS node_id, e.dst_type AS node_type, e.src AS nbr, e.src_type AS nbr_type FROM {{ t.edges }} e
      JOIN recount r ON r.node_id = e.dst
{%- endif %}
    ) ends
  ) e WHERE cap IS NOT NULL
),
{% endif %}excluded AS (
  SELECT node_id, 'blocklist' AS reason, detail FROM {{ p }}blocked
  UNION ALL
  SELECT n.node_id, 'deleted' AS reason, 'deletion requested' AS detail
  FROM {{ t.deletions }} x JOIN {{ t.nodes }} n ON n.id_type = x.id_type AND n.id_value = x.id_value
{%- if caps %}
  UNION ALL
  {#- Every capped pair of types in one pass over the edges, each edge read from both ends. Links are counted
      first (COUNT(*), cheap): a pair two sources both link counts twice there, so only the few identifiers over
      a cap by that count have their distinct neighbours counted (COUNT(DISTINCT) over every edge took 13 s of a
      1M-people run). -#}
  SELECT h.node_id, 'hub' AS reason,
         'linked to ' || CAST(h.links AS {{ TEXT }}) || ' ' || h.nbr_type || ' identifiers, more than the cap of ' || CAST(h.cap AS {{ TEXT }}) AS detail
  FROM (
    SELECT l.node_id, l.nbr_type, l.cap, COUNT(DISTINCT l.nbr) AS links
    FROM capped l
    JOIN (SELECT node_id, nbr_type FROM capped GROUP BY node_id, nbr_type, cap HAVING COUNT(*) > cap) c
      ON c.node_id = l.node_id AND c.nbr_type = l.nbr_type
    GROUP BY l.node_id, l.nbr_type, l.cap HAVING COUNT(DISTINCT l.nbr) > l.cap
  ) h
{%- if not recount_all %}
  UNION ALL
  SELECT o.node_id, o.reason, o.detail FROM {{ t.quarantine }} o LEFT JOIN recount r ON r.node_id = o.node_id
  WHERE o.reason = 'hub' AND r.node_id IS NULL
{%- endif %}
{%- endif %}
)
SELECT q.node_id, n.id_type, n.id_value, q.reason, q.detail
FROM (SELECT node_id, MIN(reason) AS reason, MIN(detail) AS detail FROM excluded GROUP BY node_id) q
JOIN {{ t.nodes }} n ON n.node_id = q.node_id
;
DROP TABLE {{ p }}blocked
