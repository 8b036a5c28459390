{#- weft bench identity: new rows for the incremental run it times after the full run (DuckDB). {{ percent }}%
    of raw_events again, an hour after the newest event (or now, if later: the watermark may be past the
    rows left): half of them re-sight their identifiers (their profiles' last-seen dates and primaries
    move), half carry a new cookie ({{ tag }}...). The bench removes rows a previous bench left before it
    starts, and these after the run. -#}
INSERT INTO raw_events (event_id, anonymous_id, user_id, device_id, event_name, properties, occurred_at)
SELECT '{{ tag }}' || event_id,
       CASE WHEN hash(event_id) % 2 = 0 THEN anonymous_id ELSE '{{ tag }}' || anonymous_id END,
       user_id, device_id, event_name, properties,
       GREATEST((SELECT MAX(occurred_at) FROM raw_events) + INTERVAL 1 HOUR, CAST(now() AS TIMESTAMP))
FROM raw_events USING SAMPLE {{ percent }}% (bernoulli, 42)
