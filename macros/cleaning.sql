{#- Cross-engine helpers for the demo models. Identity normalization (E.164 phones, blocklists) is the
    identity engine's job; these only turn what trackers and forms write for "no value" into NULL. -#}

{% macro clean(column) -%}
case when lower(trim({{ column }})) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim({{ column }}) end
{%- endmacro %}

{% macro clean_email(column) -%}
lower({{ clean(column) }})
{%- endmacro %}

{#- A number inside a JSON column; each engine spells JSON access differently. -#}
{% macro json_number(column, key) -%}
{%- if target.type == 'snowflake' -%}
{{ column }}:{{ key }}::float
{%- elif target.type == 'bigquery' -%}
safe_cast(json_value({{ column }}, '$.{{ key }}') as float64)
{%- else -%}
cast({{ column }} ->> '{{ key }}' as double precision)
{%- endif -%}
{%- endmacro %}
