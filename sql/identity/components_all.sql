{#- Every identifier in scope with its component: contracted ones from {{ p }}cc, the rest alone. -#}
DROP TABLE IF EXISTS {{ p }}comp
;
CREATE TABLE {{ p }}comp AS
SELECT node_id, comp FROM {{ p }}cc
UNION ALL
SELECT s.node_id, s.node_id AS comp FROM {{ p }}scope s
WHERE NOT EXISTS (SELECT 1 FROM {{ p }}cc c WHERE c.node_id = s.node_id)
;
DROP TABLE {{ p }}cc
;
DROP TABLE {{ p }}active
