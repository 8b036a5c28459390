CREATE OR REPLACE TABLE weft_new_profile_events_2dcd8132ec AS 
-- Events per resolved profile (runs after identity resolution): each event joins its profile through
-- its anonymous_id, which every event carries. Incremental: a later run reads only the profiles an identity
-- run wrote since this model's last build (their updated_at, kept as _profile_updated_at), merged on event_id;
-- then the rows whose profile is gone or was written again without them are deleted (macros/profiles.sql).
with profiles as (
    select profile_id, updated_at from weft_profiles
    
)
select
    ids.profile_id,
    events.event_id,
    events.event_name,
    events.occurred_at,
    events.properties,
    events.revenue,
    profiles.updated_at as _profile_updated_at
from stg_events events
join weft_id_graph ids
    on ids.id_type = 'anonymous_id' and ids.id_value = events.anonymous_id
join profiles on profiles.profile_id = ids.profile_id

;
CREATE OR REPLACE TABLE profile_events COPY weft_new_profile_events_2dcd8132ec
;
DROP TABLE IF EXISTS weft_new_profile_events_2dcd8132ec
;
MERGE INTO profile_events AS t USING (
-- Events per resolved profile (runs after identity resolution): each event joins its profile through
-- its anonymous_id, which every event carries. Incremental: a later run reads only the profiles an identity
-- run wrote since this model's last build (their updated_at, kept as _profile_updated_at), merged on event_id;
-- then the rows whose profile is gone or was written again without them are deleted (macros/profiles.sql).
with profiles as (
    select profile_id, updated_at from weft_profiles
    
    where updated_at > (select max(_profile_updated_at) from profile_events)
    
)
select
    ids.profile_id,
    events.event_id,
    events.event_name,
    events.occurred_at,
    events.properties,
    events.revenue,
    profiles.updated_at as _profile_updated_at
from stg_events events
join weft_id_graph ids
    on ids.id_type = 'anonymous_id' and ids.id_value = events.anonymous_id
join profiles on profiles.profile_id = ids.profile_id
) AS s ON t.event_id = s.event_id WHEN MATCHED THEN UPDATE SET anonymous_id = s.anonymous_id, user_id = s.user_id, device_id = s.device_id, event_name = s.event_name, properties = s.properties, revenue = s.revenue, occurred_at = s.occurred_at WHEN NOT MATCHED THEN INSERT (event_id, anonymous_id, user_id, device_id, event_name, properties, revenue, occurred_at) VALUES (s.event_id, s.anonymous_id, s.user_id, s.device_id, s.event_name, s.properties, s.revenue, s.occurred_at)
