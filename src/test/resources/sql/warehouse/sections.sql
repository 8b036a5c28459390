{#- Used by the template tests: named sections, and a macro that every section sees. -#}
{%- macro column(n) %}{{ n }} AS {{ d.ident('n') }}{% endmacro -%}
-- name: one
SELECT {{ column(1) }}
-- name: two
SELECT {{ column(n) }}
;
SELECT {{ d.hash64("'weft'") }} AS h
-- name: broken
SELECT {{ missing }}
-- name: embedded
SELECT * FROM ({{ select }}) s
