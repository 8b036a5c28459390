CREATE OR REPLACE TABLE weft_new_stg_events_aa7dd36d2f AS 
-- One row per event (its latest copy). Junk identifiers become NULL; revenue comes out of the properties JSON.
-- Incremental: later runs only read events at or after the newest one already loaded, merged on event_id.
with events as (
    select
        case when lower(trim(event_id)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(event_id) end as event_id,
        case when lower(trim(anonymous_id)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(anonymous_id) end as anonymous_id,
        case when lower(trim(user_id)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(user_id) end as user_id,
        case when lower(trim(device_id)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(device_id) end as device_id,
        lower(trim(event_name)) as event_name,
        properties,
        properties:revenue::float as revenue,
        occurred_at
    from raw_events
    
),
-- Events loaded more than once (a batch sent again): only their copies go through a window to keep the latest.
-- A window over every event would hold them all in memory at once (it ran out of memory at 58M events).
repeated as (
    select event_id from events where event_id is not null group by event_id having count(*) > 1
),
numbered as (
    select events.*, row_number() over (partition by event_id order by occurred_at desc) as copy_number
    from events
    where event_id in (select event_id from repeated)
)
select event_id, anonymous_id, user_id, device_id, event_name, properties, revenue, occurred_at
from events
where event_id is not null and event_id not in (select event_id from repeated)
union all
select event_id, anonymous_id, user_id, device_id, event_name, properties, revenue, occurred_at
from numbered
where copy_number = 1

;
CREATE TABLE IF NOT EXISTS stg_events LIKE weft_new_stg_events_aa7dd36d2f
;
ALTER TABLE weft_new_stg_events_aa7dd36d2f SWAP WITH stg_events
;
DROP TABLE IF EXISTS weft_new_stg_events_aa7dd36d2f
;
MERGE INTO stg_events AS t USING (
-- One row per event (its latest copy). Junk identifiers become NULL; revenue comes out of the properties JSON.
-- Incremental: later runs only read events at or after the newest one already loaded, merged on event_id.
with events as (
    select
        case when lower(trim(event_id)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(event_id) end as event_id,
        case when lower(trim(anonymous_id)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(anonymous_id) end as anonymous_id,
        case when lower(trim(user_id)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(user_id) end as user_id,
        case when lower(trim(device_id)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(device_id) end as device_id,
        lower(trim(event_name)) as event_name,
        properties,
        properties:revenue::float as revenue,
        occurred_at
    from raw_events
    
    where occurred_at >= (select max(occurred_at) from stg_events)
    
),
-- Events loaded more than once (a batch sent again): only their copies go through a window to keep the latest.
-- A window over every event would hold them all in memory at once (it ran out of memory at 58M events).
repeated as (
    select event_id from events where event_id is not null group by event_id having count(*) > 1
),
numbered as (
    select events.*, row_number() over (partition by event_id order by occurred_at desc) as copy_number
    from events
    where event_id in (select event_id from repeated)
)
select event_id, anonymous_id, user_id, device_id, event_name, properties, revenue, occurred_at
from events
where event_id is not null and event_id not in (select event_id from repeated)
union all
select event_id, anonymous_id, user_id, device_id, event_name, properties, revenue, occurred_at
from numbered
where copy_number = 1
) AS s ON t.event_id = s.event_id WHEN MATCHED THEN UPDATE SET anonymous_id = s.anonymous_id, user_id = s.user_id, device_id = s.device_id, event_name = s.event_name, properties = s.properties, revenue = s.revenue, occurred_at = s.occurred_at WHEN NOT MATCHED THEN INSERT (event_id, anonymous_id, user_id, device_id, event_name, properties, revenue, occurred_at) VALUES (s.event_id, s.anonymous_id, s.user_id, s.device_id, s.event_name, s.properties, s.revenue, s.occurred_at)
