{#- weft bench identity (IdentityBenchCommand, UnionFindReference): the stitching edges the three algorithms
    share, the checks that they agree, the incremental run's new rows, and the chains (DuckDB). -#}
-- name: edges
{#- The edges a full run contracts, each pair once: the input of the components-only figures. -#}
CREATE TABLE weft_bench_edges AS
SELECT DISTINCT e.src AS a, e.dst AS b FROM {{ t.edges }} e
LEFT JOIN {{ t.quarantine }} qa ON qa.node_id = e.src
LEFT JOIN {{ t.quarantine }} qb ON qb.node_id = e.dst
WHERE qa.node_id IS NULL AND qb.node_id IS NULL
-- name: components_disagree
{#- Components of {{ a }} and {{ b }}, each named by its smallest node, that the other does not have. -#}
SELECT COUNT(*) FROM (SELECT comp, MIN(node_id) m FROM {{ a }} GROUP BY comp) c
FULL OUTER JOIN (SELECT comp, MIN(node_id) m FROM {{ b }} GROUP BY comp) l ON l.comp = c.comp
WHERE c.comp IS NULL OR l.comp IS NULL
-- name: new_rows
{#- The rows bench_incremental.sql added: their event_id starts with the bound prefix. -#}
SELECT COUNT(*) FROM raw_events WHERE event_id LIKE ?
-- name: remove_new_rows
DELETE FROM raw_events WHERE event_id LIKE ?
-- name: delete_rows
{#- --deletes: {{ percent }}% of the rows the full run read (not the new ones, {{ new_rows }}...), set aside in weft_bench_deleted and deleted (DuckDB). -#}
DROP TABLE IF EXISTS weft_bench_deleted
;
CREATE TABLE weft_bench_deleted AS
SELECT * FROM raw_events WHERE event_id NOT LIKE '{{ new_rows }}%' AND hash(event_id, 26) % 100000 < {{ (percent * 1000) | int }}
;
DELETE FROM raw_events WHERE event_id IN (SELECT event_id FROM weft_bench_deleted)
-- name: checkpoint
{#- Before the incremental run is timed (DuckDB): what the bench wrote goes to the database file first. -#}
CHECKPOINT
-- name: restore_deleted_rows
INSERT INTO raw_events SELECT * FROM weft_bench_deleted
;
DROP TABLE weft_bench_deleted
-- name: chain
{#- A chain of {{ n }} nodes (DuckDB). Shuffled: keys are a hash of the position, so neighbours on the chain
    have unrelated keys. -#}
{%- macro key(i) %}{% if shuffled %}CAST(hash({{ i }}) >> 2 AS BIGINT){% else %}{{ i }}{% endif %}{% endmacro %}
CREATE TABLE weft_bench_chain AS SELECT LEAST(x, y) AS a, GREATEST(x, y) AS b
FROM (SELECT {{ key('i') }} AS x, {{ key('i + 1') }} AS y FROM range(1, {{ n }}) r(i)) z
-- name: reference_edges
{#- The union-find reference streams the edges {{ edges }}(a, b) ... -#}
SELECT a, b FROM {{ edges }}
-- name: reference_components
{#- ... and the components {{ components }}(node_id, comp) it checks. -#}
SELECT node_id, comp FROM {{ components }}
-- name: reference_nodes
SELECT node_id FROM {{ components }}
