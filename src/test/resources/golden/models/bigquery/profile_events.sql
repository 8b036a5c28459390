CREATE OR REPLACE TABLE weft_new_profile_events_2dcd8132ec AS 
-- Events per resolved profile (runs after identity resolution): each event joins its profile through
-- its anonymous_id, which every event carries. Rebuilt in full, since profiles merge and split.
select
    ids.profile_id,
    events.event_id,
    events.event_name,
    events.occurred_at,
    events.properties,
    events.revenue
from stg_events events
join weft_id_graph ids
    on ids.id_type = 'anonymous_id' and ids.id_value = events.anonymous_id

;
CREATE OR REPLACE TABLE profile_events COPY weft_new_profile_events_2dcd8132ec
;
DROP TABLE IF EXISTS weft_new_profile_events_2dcd8132ec
