-- name: event_properties
{#- The top-level keys of each event's JSON {{ properties }}, when it is an object (jsonb_object_keys refuses others). -#}
SELECT DISTINCT s.event_name, k.property
FROM (
    SELECT event_name, CAST({{ d.ident(properties) }} AS jsonb) AS doc
    FROM {{ d.ident(table) }}
    WHERE {{ d.ident(properties) }} IS NOT NULL
    LIMIT {{ scan }}
) s
CROSS JOIN LATERAL jsonb_object_keys(CASE WHEN jsonb_typeof(s.doc) = 'object' THEN s.doc ELSE CAST('{}' AS jsonb) END) AS k(property)
ORDER BY 1, 2
