{#- What audiences/AudienceSchema reads to infer the type of each key of the events' JSON {{ properties }}: the
    documents of the first {{ scan }} events named by the bound event name the engine yields (no ORDER BY, so it
    stops there). Weft classifies the values in Java (number, boolean, timestamp text, other), so one statement
    serves every engine. -#}
SELECT {{ d.jsonDocumentText(d.ident(properties), json_typed) }} AS doc
FROM {{ d.ident(table) }}
WHERE {{ d.ident(event_name) }} = ? AND {{ d.ident(properties) }} IS NOT NULL
LIMIT {{ scan }}
