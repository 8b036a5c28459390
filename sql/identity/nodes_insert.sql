{#- New identifiers get the next keys; existing ones keep theirs (the dictionary is append-only).
    {{ candidates }} is this run's distinct (id_type, id_value) pairs, blocklisted values left out. Into an
    empty dictionary (first_load) there is nothing to look up: at 50M identifiers the lookup costs 12 s. -#}
INSERT INTO {{ t.nodes }} (node_id, id_type, id_value)
SELECT (SELECT COALESCE(MAX(node_id), 0) FROM {{ t.nodes }}) + ROW_NUMBER() OVER (), c.id_type, c.id_value
FROM ({{ candidates }}) c
{%- if not first_load %}
WHERE NOT EXISTS (SELECT 1 FROM {{ t.nodes }} n WHERE n.id_type = c.id_type AND n.id_value = c.id_value)
{%- endif %}
