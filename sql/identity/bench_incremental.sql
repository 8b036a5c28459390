{#- weft bench identity: new rows for the incremental run it times after the full run (DuckDB). {{ percent }}%
    of raw_events again, an hour after the newest event: half of them re-sight their identifiers (their
    profiles' last-seen dates and primaries move), half carry a new cookie for a known person (a new
    identifier linked into an existing profile). Marked by their event_id, so the bench removes them after. -#}
DELETE FROM raw_events WHERE event_id LIKE 'weft-bench-%'
;
INSERT INTO raw_events (event_id, anonymous_id, user_id, device_id, event_name, properties, occurred_at)
SELECT 'weft-bench-' || event_id,
       CASE WHEN hash(event_id) % 2 = 0 THEN anonymous_id ELSE 'weft-bench-' || anonymous_id END,
       user_id, device_id, event_name, properties,
       (SELECT MAX(occurred_at) FROM raw_events) + INTERVAL 1 HOUR
FROM raw_events USING SAMPLE {{ percent }}% (bernoulli, 42)
