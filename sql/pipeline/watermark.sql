{#- A source's watermark (Pipeline): its row count and, when its loaded_at_field is declared, that column's
    newest value. A change in either (rows appended, deleted, or loaded later) makes what reads it stale. -#}
SELECT COUNT(*), {% if loaded_at %}MAX({{ d.ident(loaded_at) }}){% else %}NULL{% endif %}
FROM {% if schema %}{{ d.ident(schema) }}.{% endif %}{{ d.ident(table) }}
