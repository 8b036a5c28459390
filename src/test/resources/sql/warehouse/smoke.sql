-- Used by the template tests: one statement per engine, rendered through the dialect.
SELECT {{ d.hash64("'weft'") }} AS h, {{ n }} AS n
;
SELECT 1 AS {{ d.ident(column) }}
