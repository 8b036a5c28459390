{#- What this run recomputes. A full run: every identifier seen and not quarantined. An incremental
    run: the profiles that a new edge, a removed one ({{ p }}removed: its rows were deleted), an identifier whose
    sightings moved or that new rows carry ({{ p }}sighted: its profile's dates and primaries may change) or a change
    of quarantine touches, whole, plus
    those identifiers; every other profile keeps its identifiers and ID untouched. With limits, the profiles a
    limit cut from one component are recomputed together when one of them is touched, or when a link inside
    them was seen again (the most recent links win).
    Writes {{ p }}scope(node_id, id_rank, first_seen, last_seen) (id_rank: the type's index in {{ types }}), {{ p }}active(a, b) (edges to contract) and
    {{ p }}old(node_id, profile_id). -#}
DROP TABLE IF EXISTS {{ p }}scope
;
{% if full -%}
CREATE TABLE {{ p }}scope AS
SELECT i.node_id, i.id_rank, i.first_seen, i.last_seen
FROM {{ p }}ids i LEFT JOIN {{ p }}quarantine q ON q.node_id = i.node_id
WHERE q.node_id IS NULL
;
DROP TABLE IF EXISTS {{ p }}old
;
CREATE TABLE {{ p }}old AS SELECT node_id, profile_id FROM {{ t.membership }}
{%- else -%}
DROP TABLE IF EXISTS {{ p }}seeds
;
CREATE TABLE {{ p }}seeds AS
SELECT src AS node_id FROM {{ p }}added
{{ UNION }} SELECT node_id FROM {{ p }}sighted
{{ UNION }} SELECT dst FROM {{ p }}added
{{ UNION }} SELECT node_id FROM {{ t.nodes }} WHERE node_id > {{ max_before }}
{%- if removed %}
{{ UNION }} SELECT src FROM {{ p }}removed
{{ UNION }} SELECT dst FROM {{ p }}removed
{%- endif %}
{{ UNION }} SELECT node_id FROM (
  SELECT node_id FROM {{ p }}quarantine {{ EXCEPT }} SELECT node_id FROM {{ t.quarantine }}
) newly_quarantined
{{ UNION }} SELECT node_id FROM (
  SELECT node_id FROM {{ t.quarantine }} {{ EXCEPT }} SELECT node_id FROM {{ p }}quarantine
) released
{{ UNION }} SELECT e.dst FROM {{ t.edges }} e JOIN (
  SELECT node_id FROM {{ t.quarantine }} {{ EXCEPT }} SELECT node_id FROM {{ p }}quarantine
) r ON r.node_id = e.src
{{ UNION }} SELECT e.src FROM {{ t.edges }} e JOIN (
  SELECT node_id FROM {{ t.quarantine }} {{ EXCEPT }} SELECT node_id FROM {{ p }}quarantine
) r ON r.node_id = e.dst
{%- if limits %}
;
DROP TABLE IF EXISTS {{ p }}split
;
CREATE TABLE {{ p }}split AS
SELECT g.profile_id, d.comp FROM {{ t.limit_drops }} d JOIN {{ t.membership }} g ON g.node_id = d.src
{{ UNION }} SELECT g.profile_id, d.comp FROM {{ t.limit_drops }} d JOIN {{ t.membership }} g ON g.node_id = d.dst
;
INSERT INTO {{ p }}seeds (node_id)
SELECT g.node_id FROM {{ t.membership }} g JOIN {{ p }}split s ON s.profile_id = g.profile_id
WHERE s.comp IN (
  SELECT s2.comp FROM {{ p }}split s2
  JOIN {{ t.membership }} g2 ON g2.profile_id = s2.profile_id
  JOIN (SELECT node_id FROM {{ p }}seeds UNION ALL SELECT src FROM {{ p }}refreshed UNION ALL SELECT dst FROM {{ p }}refreshed) touched
    ON touched.node_id = g2.node_id
)
;
DROP TABLE {{ p }}split
;
DROP TABLE {{ p }}refreshed
{%- endif %}
;
DROP TABLE IF EXISTS {{ p }}old
;
CREATE TABLE {{ p }}old AS
SELECT g.node_id, g.profile_id FROM {{ t.membership }} g
WHERE g.profile_id IN (SELECT g2.profile_id FROM {{ t.membership }} g2 JOIN {{ p }}seeds s ON s.node_id = g2.node_id)
;
{%- if removed %}
{#- Identifiers left without a row: an end of a removed link, first seen since the time the sources were read
    again from and not in the rows read, so every row it was in is gone. It leaves the graph, as a full run
    would not find it. #}
DROP TABLE IF EXISTS {{ p }}rowless
;
CREATE TABLE {{ p }}rowless AS
SELECT x.node_id FROM (SELECT src AS node_id FROM {{ p }}removed {{ UNION }} SELECT dst FROM {{ p }}removed) x
JOIN {{ t.seen }} s ON s.node_id = x.node_id
CROSS JOIN {{ p }}reread r
LEFT JOIN {{ p }}ids i ON i.node_id = x.node_id
WHERE i.node_id IS NULL AND s.first_seen >= r.since
;
{%- endif %}
CREATE TABLE {{ p }}scope AS
SELECT u.node_id, CASE n.id_type{% for ty in types %} WHEN '{{ ty }}' THEN {{ loop.index0 }}{% endfor %} END AS id_rank,
       s.first_seen, s.last_seen
FROM (SELECT node_id FROM {{ p }}old {{ UNION }} SELECT node_id FROM {{ p }}seeds) u
JOIN {{ t.seen }} s ON s.node_id = u.node_id
JOIN {{ t.nodes }} n ON n.node_id = u.node_id
LEFT JOIN {{ p }}quarantine q ON q.node_id = u.node_id
{%- if removed %}
LEFT JOIN {{ p }}rowless g ON g.node_id = u.node_id
WHERE q.node_id IS NULL AND g.node_id IS NULL
{%- else %}
WHERE q.node_id IS NULL
{%- endif %}
;
DROP TABLE {{ p }}seeds
;
DROP TABLE {{ p }}sighted
{%- if removed %}
;
DROP TABLE {{ p }}removed
;
DROP TABLE {{ p }}rowless
;
DROP TABLE {{ p }}reread
{%- endif %}
{%- endif %}
;
DROP TABLE {{ p }}ids
;
DROP TABLE IF EXISTS {{ p }}active
;
{#- Not made distinct: a pair two sources both link appears twice, which contraction takes as it is (such a
    pair's ends are only not pruned as leaves), and at 10M the DISTINCT cost 28 s for 1.6% of the edges.
    Anti-joins here and elsewhere are LEFT JOIN ... IS NULL: on DuckDB, NOT EXISTS against even an empty
    table took 11 s over 39M edges, the LEFT JOIN 1.4 s; every engine reads both as an anti-join. #}
CREATE TABLE {{ p }}active AS
SELECT e.src AS a, e.dst AS b FROM {{ t.edges }} e
{%- if full %}
LEFT JOIN {{ p }}quarantine qa ON qa.node_id = e.src
LEFT JOIN {{ p }}quarantine qb ON qb.node_id = e.dst
WHERE qa.node_id IS NULL AND qb.node_id IS NULL
{%- else %}
{#- The scope holds whole profiles, every end of a new link, and no quarantined identifier, so an edge to
    contract has both ends in it: two joins with the scope (2M identifiers at 10M) instead of two anti-joins
    over every edge. #}
JOIN {{ p }}scope sa ON sa.node_id = e.src
JOIN {{ p }}scope sb ON sb.node_id = e.dst
{%- endif %}
