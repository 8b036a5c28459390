{#- Every identifier in scope with its component, type and sightings: contracted ones from {{ p }}cc (or the
    piece a limit cut from it, {{ p }}lim_final), the rest alone. Every contracted identifier is in scope:
    its edges' ends are in the profiles the scope holds whole. The scope goes now: {{ p }}comp holds all of
    it, and at 10M identifiers a table of this size left in memory makes the outputs spill. -#}
DROP TABLE IF EXISTS {{ p }}comp
;
CREATE TABLE {{ p }}comp AS
SELECT s.node_id, COALESCE({% if limits %}l.comp, {% endif %}c.comp, s.node_id) AS comp, s.id_rank, s.first_seen, s.last_seen
FROM {{ p }}scope s
LEFT JOIN {{ p }}cc c ON c.node_id = s.node_id
{%- if limits %}
LEFT JOIN {{ p }}lim_final l ON l.node_id = s.node_id
{%- endif %}
;
DROP TABLE {{ p }}scope
;
DROP TABLE {{ p }}cc
;
DROP TABLE {{ p }}active
{%- if limits %}
;
DROP TABLE {{ p }}lim_final
{%- endif %}
