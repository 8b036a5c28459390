{#- Source rows that disappeared (deleted upstream, or re-synced without them), noticed by incremental runs
    through the links' provenance: every link keeps one row key of its source, and a link whose row key is
    gone from its source may have lost every row that made it. The run then reads every source again from the
    earliest such link's first sighting ({{ p }}reread.since), so it reads every row still there that made a
    link or a sighting since then: the sightings of the links first seen since then are taken from those rows,
    and the links no row makes any more are removed ({{ p }}removed, for the scope). -#}
-- name: digest
{#- The rows of source {{ source.name }} up to a time: how many, and the sum of their row keys' hashes (each taken
    modulo a prime, so the sum fits a BIGINT on every engine). A run records it with its watermark; the next run
    computes it again up to that watermark, and when both are equal no row the last run read is gone: the
    anti-join below, which reads every link, is skipped. A row deleted, or its key changed, changes the digest
    (unless a late row took its place with the same count and sum, which the anti-join would not miss). With
    {{ after }}, only the rows since the digest just found unchanged: the new watermark's digest is the sum. -#}
SELECT COUNT(*), COALESCE(SUM(MOD({{ d.hash64(d.castToText(d.ident(source.row_key))) }}, 1000000007)), 0)
FROM {{ d.ident(source.table) }}
WHERE {{ d.ident(source.timestamp) }} <= ?{% if after %} AND {{ d.ident(source.timestamp) }} > ?{% endif %}
-- name: vanished
{#- The links of source {{ source.name }} whose row key is no longer in it: how many, and the first sighting
    of the earliest. An anti-join on the row key alone; the source's rows are not normalized or grouped. -#}
SELECT COUNT(*), MIN(e.first_seen)
FROM {{ t.edges }} e
LEFT JOIN (SELECT {{ d.castToText(d.ident(source.row_key)) }} AS row_key FROM {{ d.ident(source.table) }}) s ON s.row_key = e.row_key
WHERE e.source_name = ? AND e.row_key IS NOT NULL AND s.row_key IS NULL
-- name: rows_since
{#- How many rows source {{ source.table }} holds, and how many of them since the bound time: when most would be
    read again, the run is full instead. -#}
SELECT COUNT(*), COALESCE(SUM(CASE WHEN {{ d.ident(source.timestamp) }} >= ? THEN 1 ELSE 0 END), 0) FROM {{ d.ident(source.table) }}
-- name: reread
DROP TABLE IF EXISTS {{ p }}reread
;
CREATE TABLE {{ p }}reread AS SELECT CAST(? AS {{ TS }}) AS since
-- name: removed
{#- The links first seen since the time read from that this run's rows (its delta) no longer make go; the rest
    stay, and the merge makes their sightings and row keys exact (every row since then is in the delta). Links
    the delta still makes are not removed and added again: only a link no row makes any more, or a new one,
    puts its profiles in the run's scope, so reading a source again from long ago does not recompute every
    profile seen since. -#}
DROP TABLE IF EXISTS {{ p }}removed
;
CREATE TABLE {{ p }}removed AS
SELECT e.src, e.dst, e.source_name FROM {{ t.edges }} e
CROSS JOIN {{ p }}reread r
LEFT JOIN {{ p }}delta_edges x ON x.src = e.src AND x.dst = e.dst AND x.source_name = e.source_name
WHERE e.first_seen >= r.since AND x.src IS NULL
;
DELETE FROM {{ t.edges }} WHERE EXISTS (
  SELECT 1 FROM {{ p }}removed r
  WHERE r.src = {{ t.edges }}.src AND r.dst = {{ t.edges }}.dst AND r.source_name = {{ t.edges }}.source_name)
