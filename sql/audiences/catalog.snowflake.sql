-- name: event_properties
{#- The top-level keys of each event's JSON {{ properties }}, when it is an object. -#}
SELECT DISTINCT s.event_name, f.key AS property
FROM (
    SELECT event_name, TRY_PARSE_JSON(CAST({{ d.ident(properties) }} AS VARCHAR)) AS doc
    FROM {{ d.ident(table) }}
    WHERE {{ d.ident(properties) }} IS NOT NULL
    LIMIT {{ scan }}
) s,
LATERAL FLATTEN(input => IFF(IS_OBJECT(s.doc), s.doc, OBJECT_CONSTRUCT())) f
ORDER BY 1, 2
