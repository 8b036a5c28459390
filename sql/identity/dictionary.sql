{#- One identifier type's identifiers in this run, each with its dictionary key (the dictionary is append-only:
    a key never changes). A key is {{ key }}, the engine's 64-bit hash of type and value, so the rows' keys are
    computed where the rows are instead of joined from here (at 10M people that join took 36 s). The few
    identifiers the dictionary gave another key are in {{ t.key_overrides }}. {{ values }} is the type's distinct
    normalized values with their first and last sighting and whether the blocklist matches them. Writes
    {{ p }}ids_{{ i }}(node_id, id_value, first_seen, last_seen, blocked, is_new): blocklisted values keep their
    row, so that the rows' links to them can be dropped by key; is_new marks what the dictionary lacks (a key
    held by another value is a collision, which the run resolves before it adds the new ones). -#}
DROP TABLE IF EXISTS {{ p }}ids_{{ i }}
;
CREATE TABLE {{ p }}ids_{{ i }} AS
SELECT k.node_id, k.id_value, k.first_seen, k.last_seen, k.blocked, CASE WHEN n.node_id IS NULL THEN 1 ELSE 0 END AS is_new
FROM (
  SELECT COALESCE(o.node_id, {{ key }}) AS node_id, v.id_value, v.first_seen, v.last_seen, v.blocked
  FROM ({{ values }}) v LEFT JOIN {{ t.key_overrides }} o ON o.id_type = '{{ type }}' AND o.id_value = v.id_value
) k LEFT JOIN {{ t.nodes }} n ON n.node_id = k.node_id AND n.id_type = '{{ type }}' AND n.id_value = k.id_value
