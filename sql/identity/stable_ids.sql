{#- Stable profile IDs, after the components. Each old profile ID survives in the new component that
    holds most of its identifiers; each component takes, of the IDs surviving in it, the one with most
    identifiers (ties: the oldest); a component left without one gets a new ID. Every MERGE, SPLIT and
    NEW is recorded for the syncs. Input {{ p }}comp(node_id, comp), {{ p }}old(node_id, profile_id). -#}
DROP TABLE IF EXISTS {{ p }}overlap
;
CREATE TABLE {{ p }}overlap AS
SELECT o.profile_id, c.comp, COUNT(*) AS n
FROM {{ p }}old o JOIN {{ p }}comp c ON c.node_id = o.node_id
GROUP BY o.profile_id, c.comp
;
DROP TABLE IF EXISTS {{ p }}survive
;
CREATE TABLE {{ p }}survive AS
SELECT profile_id, comp, n FROM (
  SELECT profile_id, comp, n, ROW_NUMBER() OVER (PARTITION BY profile_id ORDER BY n DESC, comp) AS rn
  FROM {{ p }}overlap
) x WHERE rn = 1
;
DROP TABLE IF EXISTS {{ p }}assign
;
CREATE TABLE {{ p }}assign AS
SELECT comp, profile_id, 0 AS is_new FROM (
  SELECT s.comp, s.profile_id,
         ROW_NUMBER() OVER (PARTITION BY s.comp ORDER BY s.n DESC, COALESCE(r.created_seq, 0), s.profile_id) AS rn
  FROM {{ p }}survive s LEFT JOIN {{ t.registry }} r ON r.profile_id = s.profile_id
) x WHERE rn = 1
UNION ALL
SELECT c.comp, 'p{{ seq }}_' || CAST(c.comp AS {{ TEXT }}) AS profile_id, 1 AS is_new
FROM (SELECT DISTINCT comp FROM {{ p }}comp) c LEFT JOIN {{ p }}survive s ON s.comp = c.comp
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
HAVING COUNT(*) > 1
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
