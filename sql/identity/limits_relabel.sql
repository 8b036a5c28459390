{#- Per-profile limits: clusters after a round, from {{ p }}lim_lab (old cluster -> merged cluster, named by its
    smallest key). -#}
DROP TABLE IF EXISTS {{ p }}lim_cl{{ i + 1 }}
;
CREATE TABLE {{ p }}lim_cl{{ i + 1 }} AS
SELECT c.node_id, COALESCE(l.comp, c.cl) AS cl, c.lim
FROM {{ p }}lim_cl{{ i }} c LEFT JOIN {{ p }}lim_lab l ON l.node_id = c.cl
;
DROP TABLE {{ p }}lim_cl{{ i }}
;
DROP TABLE {{ p }}lim_lab
;
DROP TABLE {{ p }}lim_pick
