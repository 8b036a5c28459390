{#- Stable profile IDs, after the components (docs/identity.md, "Profile IDs"). An identifier is stronger than
    another by the priority of its type, then by its first sighting (earlier first), then by its key (smaller
    first): a total order, the same on every engine. Each old profile ID survives in the new component holding
    its strongest remaining identifier. A component takes, of the IDs surviving in it, the one whose strongest
    identifier is strongest, but not an ID that lost a stronger identifier (quarantined, or all its rows deleted) when the component
    holds an identifier of that type or a higher one from elsewhere: another person, whom a device or a cookie
    must not carry the ID to. A component left without one gets a new ID. Every MERGE, SPLIT and NEW is
    recorded for the syncs. Input {{ p }}comp(node_id, comp, id_rank, first_seen, ...), {{ p }}old(node_id,
    profile_id); {{ types }} in priority order. -#}
DROP TABLE IF EXISTS {{ p }}members
;
CREATE TABLE {{ p }}members AS
SELECT o.profile_id, o.node_id, c.comp, c.id_rank, c.first_seen
FROM {{ p }}old o LEFT JOIN {{ p }}comp c ON c.node_id = o.node_id
;
DROP TABLE IF EXISTS {{ p }}overlap
;
CREATE TABLE {{ p }}overlap AS
SELECT profile_id, comp, COUNT(*) AS n FROM {{ p }}members WHERE comp IS NOT NULL GROUP BY profile_id, comp
;
DROP TABLE IF EXISTS {{ p }}gone
;
{#- The strongest type an old profile lost to quarantine. -#}
CREATE TABLE {{ p }}gone AS
SELECT m.profile_id, MIN(CASE n.id_type{% for ty in types %} WHEN '{{ ty }}' THEN {{ loop.index0 }}{% endfor %} END) AS id_rank
FROM {{ p }}members m JOIN {{ t.nodes }} n ON n.node_id = m.node_id
WHERE m.comp IS NULL
GROUP BY m.profile_id
;
DROP TABLE IF EXISTS {{ p }}anchor
;
CREATE TABLE {{ p }}anchor AS
SELECT profile_id, comp, node_id, id_rank, first_seen FROM (
  SELECT profile_id, comp, node_id, id_rank, first_seen,
         ROW_NUMBER() OVER (PARTITION BY profile_id ORDER BY id_rank, first_seen NULLS LAST, node_id) AS rn
  FROM {{ p }}members WHERE comp IS NOT NULL
) x WHERE rn = 1
;
DROP TABLE {{ p }}members
;
DROP TABLE IF EXISTS {{ p }}survive
;
CREATE TABLE {{ p }}survive AS
SELECT a.profile_id, a.comp, a.node_id, a.id_rank, a.first_seen,
       CASE WHEN g.profile_id IS NULL OR g.id_rank >= a.id_rank OR top.top_rank > g.id_rank THEN 1 ELSE 0 END AS may_name
FROM {{ p }}anchor a
LEFT JOIN {{ p }}gone g ON g.profile_id = a.profile_id
LEFT JOIN (
  SELECT c.comp, MIN(c.id_rank) AS top_rank FROM {{ p }}comp c
  WHERE c.comp IN (SELECT a2.comp FROM {{ p }}anchor a2 JOIN {{ p }}gone g2 ON g2.profile_id = a2.profile_id WHERE g2.id_rank < a2.id_rank)
  GROUP BY c.comp
) top ON top.comp = a.comp
;
DROP TABLE {{ p }}anchor
;
DROP TABLE {{ p }}gone
;
DROP TABLE IF EXISTS {{ p }}assign
;
CREATE TABLE {{ p }}assign AS
SELECT comp, profile_id, 0 AS is_new FROM (
  SELECT comp, profile_id, ROW_NUMBER() OVER (PARTITION BY comp ORDER BY id_rank, first_seen NULLS LAST, node_id) AS rn
  FROM {{ p }}survive WHERE may_name = 1
) x WHERE rn = 1
UNION ALL
SELECT c.comp, 'p{{ seq }}_' || CAST(c.comp AS {{ TEXT }}) AS profile_id, 1 AS is_new
FROM (SELECT DISTINCT comp FROM {{ p }}comp) c LEFT JOIN {{ p }}survive s ON s.comp = c.comp AND s.may_name = 1
WHERE s.comp IS NULL
;
INSERT INTO {{ t.registry }} (profile_id, created_seq)
SELECT profile_id, {{ seq }} FROM {{ p }}assign WHERE is_new = 1
;
INSERT INTO {{ t.changes }} (run_id, change, old_profile_ids, new_profile_id, reason, changed_at)
SELECT '{{ run_id }}', 'MERGE', {{ d.orderedStringAgg('s.profile_id') }}, a.profile_id,
       CAST(COUNT(*) AS {{ TEXT }}) || ' profiles now linked by shared identifiers', {{ now }}
FROM {{ p }}survive s JOIN {{ p }}assign a ON a.comp = s.comp
GROUP BY a.profile_id
HAVING COUNT(*) > 1 OR MAX(a.is_new) = 1
;
INSERT INTO {{ t.changes }} (run_id, change, old_profile_ids, new_profile_id, reason, changed_at)
SELECT '{{ run_id }}', 'SPLIT', o.profile_id, a.profile_id,
       CAST(o.n AS {{ TEXT }}) || ' identifiers no longer linked to ' || o.profile_id, {{ now }}
FROM {{ p }}overlap o
JOIN {{ p }}survive s ON s.profile_id = o.profile_id AND s.comp <> o.comp
JOIN {{ p }}assign a ON a.comp = o.comp
;
INSERT INTO {{ t.changes }} (run_id, change, old_profile_ids, new_profile_id, reason, changed_at)
SELECT '{{ run_id }}', 'NEW', CAST(NULL AS {{ TEXT }}), a.profile_id, 'new identifiers', {{ now }}
FROM {{ p }}assign a LEFT JOIN {{ p }}overlap o ON o.comp = a.comp
WHERE a.is_new = 1 AND o.comp IS NULL
;
DROP TABLE {{ p }}overlap
;
DROP TABLE {{ p }}survive
