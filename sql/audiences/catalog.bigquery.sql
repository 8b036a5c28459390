-- name: event_properties
{#- The top-level keys of each event's JSON {{ properties }} (JSON_KEYS gives none for what is no object). -#}
SELECT DISTINCT s.event_name, property
FROM (
    SELECT event_name, SAFE.PARSE_JSON({{ d.castToText(d.ident(properties)) }}) AS doc
    FROM {{ d.ident(table) }}
    WHERE {{ d.ident(properties) }} IS NOT NULL
    LIMIT {{ scan }}
) s, UNNEST(JSON_KEYS(s.doc, 1)) AS property
ORDER BY 1, 2
