{#- What the audience builders' catalog reads (audiences/AudienceBuilderCatalog). Each statement reads a bounded
    sample, the first {{ scan }} rows the engine yields (no ORDER BY, so it stops there), so its cost does not
    grow with the table: values or keys seen only further down are not offered. -#}
-- name: trait_samples
{#- Up to {{ samples }} distinct non-null values of traits column {{ column }}, smallest first. -#}
SELECT DISTINCT s.v
FROM (SELECT {{ d.ident(column) }} AS v FROM {{ d.ident(table) }} LIMIT {{ scan }}) s
WHERE s.v IS NOT NULL
ORDER BY s.v
LIMIT {{ samples }}
-- name: event_properties
{#- The top-level keys of each event's JSON {{ properties }} (an object; other JSON, or text that is no JSON, has none). -#}
SELECT DISTINCT s.event_name, unnest(json_keys(s.doc)) AS property
FROM (
    SELECT event_name, CASE WHEN json_valid(CAST({{ d.ident(properties) }} AS VARCHAR))
                            THEN CAST(CAST({{ d.ident(properties) }} AS VARCHAR) AS JSON) END AS doc
    FROM {{ d.ident(table) }}
    WHERE {{ d.ident(properties) }} IS NOT NULL
    LIMIT {{ scan }}
) s
WHERE json_type(s.doc) = 'OBJECT'
ORDER BY 1, 2
