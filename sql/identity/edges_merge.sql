{#- Folds this run's edges and sightings ({{ p }}ids) into the stored ones. A full run has written them in
    place already; an incremental run widens first/last seen and adds new pairs, and remembers which pairs
    are new ({{ p }}added), because only those can join components, and which identifiers' sightings moved
    ({{ p }}sighted): their profiles get new dates. With limits, it also keeps every pair whose sighting moved
    ({{ p }}refreshed): in a component split by a limit, recency decides the split. -#}
-- name: added
DROP TABLE IF EXISTS {{ p }}added
;
{% if full -%}
CREATE TABLE {{ p }}added AS SELECT src, dst FROM {{ t.edges }} WHERE 1 = 0
{%- else -%}
CREATE TABLE {{ p }}added AS
SELECT DISTINCT d.src, d.dst FROM {{ p }}delta_edges d LEFT JOIN {{ t.edges }} e ON e.src = d.src AND e.dst = d.dst
WHERE e.src IS NULL
{%- endif %}
-- name: edges
{#- The stored links the delta sees again, widened, and its new ones, into {{ p }}edges_merged; the apply section
    swaps them in. -#}
{% if not full -%}
{#- After rows disappeared ({{ p }}reread, deletions.sql), a stored sighting since the time read from may be a
    deleted row's: the rows read hold every one since then, so theirs is exact. -#}
{%- set stale_last = " OR e.last_seen >= r.since" if reread else "" %}
{%- set stale_first = " OR e.first_seen >= r.since" if reread else "" %}
{%- set reread_join = " CROSS JOIN " ~ p ~ "reread r" if reread else "" %}
DROP TABLE IF EXISTS {{ p }}edges_merged
;
CREATE TABLE {{ p }}edges_merged AS
SELECT m.src, m.dst, m.src_type, m.dst_type, m.source_name, m.row_key, m.first_seen, m.last_seen FROM (
  SELECT d.src, d.dst, d.src_type, d.dst_type, d.source_name, e.src IS NULL AS is_new,
     e.row_key AS stored_row_key, e.first_seen AS stored_first_seen, e.last_seen AS stored_last_seen,
     CASE WHEN e.last_seen IS NULL OR d.last_seen >= e.last_seen{{ stale_last }} THEN d.row_key ELSE e.row_key END AS row_key,
     CASE WHEN e.first_seen IS NULL OR d.first_seen < e.first_seen{{ stale_first }} THEN d.first_seen ELSE e.first_seen END AS first_seen,
     CASE WHEN e.last_seen IS NULL OR d.last_seen > e.last_seen{{ stale_last }} THEN d.last_seen ELSE e.last_seen END AS last_seen
  FROM {{ p }}delta_edges d LEFT JOIN {{ t.edges }} e ON e.src = d.src AND e.dst = d.dst AND e.source_name = d.source_name{{ reread_join }}
) m
{#- Only the links whose sighting or row key moves: the rest are rewritten as they are (rows read again). #}
WHERE m.is_new OR m.row_key IS DISTINCT FROM m.stored_row_key OR m.first_seen IS DISTINCT FROM m.stored_first_seen
   OR m.last_seen IS DISTINCT FROM m.stored_last_seen
{%- endif %}
-- name: apply
{#- One transaction (IdentityPipeline runs the section with executeAll): the links seen again are deleted and
    inserted widened, with the new ones, instead of updated in place. On DuckDB a MERGE or UPDATE that rewrites
    the row keys (text) of 30k links took 9 to 13 s at 1M people, the DELETE and INSERT 1.5 s. -#}
{% if not full -%}
DELETE FROM {{ t.edges }} WHERE EXISTS (
  SELECT 1 FROM {{ p }}edges_merged m
  WHERE m.src = {{ t.edges }}.src AND m.dst = {{ t.edges }}.dst AND m.source_name = {{ t.edges }}.source_name)
;
INSERT INTO {{ t.edges }} (src, dst, src_type, dst_type, source_name, row_key, first_seen, last_seen)
SELECT src, dst, src_type, dst_type, source_name, row_key, first_seen, last_seen FROM {{ p }}edges_merged
{%- endif %}
-- name: seen
{#- The identifiers whose sightings this run moves, or that rows newer than the sources' last watermarks carry
    ({{ p }}sighted): only their profiles get new dates, so only they join the scope. Identifiers in rows read
    again (a lookback, or a source read again after deleted rows) with the dates they had stay out. -#}
{% if not full -%}
{%- set reread_join = " CROSS JOIN " ~ p ~ "reread r" if reread else "" %}
{% if limits -%}
DROP TABLE IF EXISTS {{ p }}refreshed
;
CREATE TABLE {{ p }}refreshed AS SELECT DISTINCT src, dst FROM {{ p }}edges_merged
;
{% endif -%}
DROP TABLE {{ p }}edges_merged
;
DROP TABLE IF EXISTS {{ p }}seen_merged
;
CREATE TABLE {{ p }}seen_merged AS
SELECT d.node_id,
   CASE WHEN s.first_seen IS NULL OR d.first_seen < s.first_seen{{ " OR s.first_seen >= r.since" if reread else "" }} THEN d.first_seen ELSE s.first_seen END AS first_seen,
   CASE WHEN s.last_seen IS NULL OR d.last_seen > s.last_seen{{ " OR s.last_seen >= r.since" if reread else "" }} THEN d.last_seen ELSE s.last_seen END AS last_seen,
   CASE WHEN s.node_id IS NULL OR d.last_seen > (SELECT MIN(watermark) FROM {{ t.watermarks }}) THEN 1 ELSE 0 END AS is_new
FROM {{ p }}ids d LEFT JOIN {{ t.seen }} s ON s.node_id = d.node_id{{ reread_join }}
;
DROP TABLE IF EXISTS {{ p }}sighted
;
CREATE TABLE {{ p }}sighted AS
SELECT m.node_id FROM {{ p }}seen_merged m LEFT JOIN {{ t.seen }} s ON s.node_id = m.node_id
WHERE m.is_new = 1 OR m.first_seen IS DISTINCT FROM s.first_seen OR m.last_seen IS DISTINCT FROM s.last_seen
;
{{ d.merge(t.seen, "SELECT node_id, first_seen, last_seen FROM " ~ p ~ "seen_merged",
   ['node_id'], ['first_seen', 'last_seen'], ['node_id', 'first_seen', 'last_seen']) }}
;
DROP TABLE {{ p }}seen_merged
;

DROP TABLE {{ p }}delta_edges
{%- endif %}
