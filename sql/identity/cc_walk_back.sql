{#- Rebuilds labels one round back: a node of round {{ i }} takes the label of its representative in
    round {{ i + 1 }}, or the representative itself when it had no edges left after round {{ i }}. -#}
DROP TABLE IF EXISTS {{ p }}lab{{ i }}
;
CREATE TABLE {{ p }}lab{{ i }} AS
SELECT r.v, {% if last %}r.rep{% else %}COALESCE(l.label, r.rep){% endif %} AS label
FROM {{ p }}rep{{ i }} r
{%- if not last %}
LEFT JOIN {{ p }}lab{{ i + 1 }} l ON l.v = r.rep
{%- endif %}
;
DROP TABLE {{ p }}rep{{ i }}
{%- if not last %}
;
DROP TABLE {{ p }}lab{{ i + 1 }}
{%- endif %}
