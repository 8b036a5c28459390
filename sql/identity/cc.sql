{#- ConnectedComponents' statements besides those of its rounds (cc_*.sql): the baseline's bookkeeping, and
    the clean-up after a computation that did not converge. {{ p }} names its work tables. -#}
-- name: minlabel_changed
{#- Nodes whose label changed in round {{ i }}. -#}
SELECT COUNT(*) FROM {{ p }}ml_lab{{ i }} o JOIN {{ p }}ml_lab{{ i + 1 }} n ON n.v = o.v WHERE n.label <> o.label
-- name: minlabel_finish
{#- The last round's labels as {{ out }}(node_id, comp). Run one statement at a time: on DuckDB the work tables
    live in another database, and one transaction may write to only one database. -#}
CREATE TABLE {{ out }} AS SELECT v AS node_id, label AS comp FROM {{ p }}ml_lab{{ i }}
;
DROP TABLE {{ p }}ml_lab{{ i }}
;
DROP TABLE {{ p }}ml_e
-- name: clean_up
{#- Every work table of the rounds up to {{ rounds }}. -#}
{%- for i in range(1, rounds + 2) %}
DROP TABLE IF EXISTS {{ p }}rep{{ i }}
;
DROP TABLE IF EXISTS {{ p }}e{{ i }}
;
{%- endfor %}
DROP TABLE IF EXISTS {{ p }}leaf
;
DROP TABLE IF EXISTS {{ p }}pri
