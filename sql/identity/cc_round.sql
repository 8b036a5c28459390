{#- One round of randomised contraction (Boegeholz, Brand, Todor, ICDE 2020). Every node of
    {{ p }}e{{ i }} takes as representative the node of lowest priority among itself and its neighbours;
    each edge is moved onto its endpoints' representatives, and edges that become loops vanish.
    The priority is a seeded hash computed once per node per round; labels stay real node keys. -#}
DROP TABLE IF EXISTS {{ p }}pri
;
CREATE TABLE {{ p }}pri AS
SELECT v, {{ d.hashBigint('v', seed) }} AS pr
FROM (SELECT a AS v FROM {{ p }}e{{ i }} UNION SELECT b AS v FROM {{ p }}e{{ i }}) n
;
DROP TABLE IF EXISTS {{ p }}rep{{ i }}
;
CREATE TABLE {{ p }}rep{{ i }} AS
{% if dialect == 'postgres' -%}
SELECT DISTINCT ON (v) v, w AS rep
{%- else -%}
SELECT v, {% if dialect == 'duckdb' %}arg_min(w, pr){% elif dialect == 'snowflake' %}MIN_BY(w, pr){% else %}ANY_VALUE(w HAVING MIN pr){% endif %} AS rep
{%- endif %}
FROM (
  SELECT v, v AS w, pr FROM {{ p }}pri
  UNION ALL
  SELECT e.a AS v, e.b AS w, q.pr FROM {{ p }}e{{ i }} e JOIN {{ p }}pri q ON q.v = e.b
  UNION ALL
  SELECT e.b AS v, e.a AS w, q.pr FROM {{ p }}e{{ i }} e JOIN {{ p }}pri q ON q.v = e.a
) c
{% if dialect == 'postgres' -%}
ORDER BY v, pr, w
{%- else -%}
GROUP BY v
{%- endif %}
;
DROP TABLE IF EXISTS {{ p }}e{{ i + 1 }}
;
CREATE TABLE {{ p }}e{{ i + 1 }} AS
SELECT DISTINCT LEAST(ra.rep, rb.rep) AS a, GREATEST(ra.rep, rb.rep) AS b
FROM {{ p }}e{{ i }} e
JOIN {{ p }}rep{{ i }} ra ON ra.v = e.a
JOIN {{ p }}rep{{ i }} rb ON rb.v = e.b
WHERE ra.rep <> rb.rep
;
DROP TABLE {{ p }}pri
;
DROP TABLE {{ p }}e{{ i }}
