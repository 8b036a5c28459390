{#- One identifier type's identifiers in this run, each with its dictionary key: the key it has, or the next
    free one after {{ base }} (the dictionary is append-only, a key never changes). {{ values }} is the
    type's distinct normalized values with their first and last sighting, blocklisted values left out. New keys
    are numbered in the values' code-point order (types in the order of the sources' columns), so two fresh
    warehouses loaded with the same data number them alike, whatever order they return rows in.
    Into an empty dictionary (first_load) there is nothing to look up: at 50M identifiers the lookup costs
    12 s. Writes {{ p }}ids_{{ i }}(node_id, id_value, first_seen, last_seen), which the rows' keys are
    joined from, and adds the new keys to the dictionary. -#}
DROP TABLE IF EXISTS {{ p }}ids_{{ i }}
;
{% if first_load -%}
CREATE TABLE {{ p }}ids_{{ i }} AS
SELECT {{ base }} + ROW_NUMBER() OVER (ORDER BY {{ d.binaryOrder('id_value') }}) AS node_id, id_value, first_seen, last_seen FROM ({{ values }}) v
{%- else -%}
DROP TABLE IF EXISTS {{ p }}known
;
CREATE TABLE {{ p }}known AS
SELECT n.node_id, v.id_value, v.first_seen, v.last_seen
FROM ({{ values }}) v LEFT JOIN {{ t.nodes }} n ON n.id_type = '{{ type }}' AND n.id_value = v.id_value
;
CREATE TABLE {{ p }}ids_{{ i }} AS
SELECT node_id, id_value, first_seen, last_seen FROM {{ p }}known WHERE node_id IS NOT NULL
UNION ALL
SELECT {{ base }} + ROW_NUMBER() OVER (ORDER BY {{ d.binaryOrder('id_value') }}) AS node_id, id_value, first_seen, last_seen
FROM {{ p }}known WHERE node_id IS NULL
;
DROP TABLE {{ p }}known
{%- endif %}
;
INSERT INTO {{ t.nodes }} (node_id, id_type, id_value)
SELECT node_id, '{{ type }}', id_value FROM {{ p }}ids_{{ i }} WHERE node_id > {{ base }}
