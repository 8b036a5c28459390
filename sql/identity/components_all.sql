{#- Every identifier in scope with its component: contracted ones from {{ p }}cc (or the piece a limit cut
    from it, {{ p }}lim_final), the rest alone. -#}
DROP TABLE IF EXISTS {{ p }}comp
;
CREATE TABLE {{ p }}comp AS
{% if limits -%}
SELECT c.node_id, COALESCE(l.comp, c.comp) AS comp FROM {{ p }}cc c LEFT JOIN {{ p }}lim_final l ON l.node_id = c.node_id
{%- else -%}
SELECT node_id, comp FROM {{ p }}cc
{%- endif %}
UNION ALL
SELECT s.node_id, s.node_id AS comp FROM {{ p }}scope s
WHERE NOT EXISTS (SELECT 1 FROM {{ p }}cc c WHERE c.node_id = s.node_id)
;
DROP TABLE {{ p }}cc
;
DROP TABLE {{ p }}active
{%- if limits %}
;
DROP TABLE {{ p }}lim_final
{%- endif %}
