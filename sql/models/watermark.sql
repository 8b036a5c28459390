{#- A source table's watermark: its row count and, when its loaded_at_field is declared, that column's newest value,
    with the warehouse's own time (UTC), which source freshness measures the newest value's age against, as dbt does.
    The pipeline compares count and newest value with the last ones it saw: a change makes what reads the source stale. -#}
SELECT COUNT(*), {% if loaded_at %}MAX({{ d.ident(loaded_at) }}){% else %}NULL{% endif %}, {{ d.currentUtcTimestamp() }}
FROM {% if schema %}{{ d.ident(schema) }}.{% endif %}{{ d.ident(table) }}
