{{ config(materialized='incremental', unique_key='event_id') }}
-- One row per event (its latest copy). Junk identifiers become NULL; revenue comes out of the properties JSON.
-- Incremental: later runs only read events at or after the newest one already loaded, merged on event_id.
with events as (
    select
        {{ clean('event_id') }} as event_id,
        {{ clean('anonymous_id') }} as anonymous_id,
        {{ clean('user_id') }} as user_id,
        {{ clean('device_id') }} as device_id,
        lower(trim(event_name)) as event_name,
        properties,
        {{ json_number('properties', 'revenue') }} as revenue,
        occurred_at
    from {{ source('raw', 'raw_events') }}
    {% if is_incremental() %}
    where occurred_at >= (select max(occurred_at) from {{ this }})
    {% endif %}
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
