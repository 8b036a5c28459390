{#- Identifiers the blocklist matches, into {{ p }}blocked(node_id, detail). Values are blocklisted before they
    enter the dictionary, so the dictionary is searched only when the blocklist changed since the last run. -#}
-- name: kept
CREATE TABLE {{ p }}blocked AS SELECT node_id, detail FROM {{ t.quarantine }} WHERE reason = 'blocklist'
-- name: searched
{#- Each value tested only against its own type's values and patterns ({{ tests }}: type and the blocklist
    test IdentifierSql compiled, its values bound in order): an OR over all types costs every pattern on
    every value. -#}
CREATE TABLE {{ p }}blocked AS
SELECT node_id, 'value is on the blocklist of ' || id_type AS detail FROM {{ t.nodes }}
WHERE (CASE id_type{% for b in tests %} WHEN '{{ b.type }}' THEN {{ b.test }}{% endfor %} ELSE FALSE END)
