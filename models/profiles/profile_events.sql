{{ config(materialized='incremental', unique_key='event_id',
          post_hook="{{ delete_stale_profile_rows() }}") }}
-- Events per resolved profile (runs after identity resolution): each event joins its profile through
-- its anonymous_id, which every event carries. Incremental: a later run reads only the profiles an identity
-- run wrote since this model's last build (their updated_at, kept as _profile_updated_at), merged on event_id;
-- then the rows whose profile is gone or was written again without them are deleted (macros/profiles.sql).
with profiles as (
    select profile_id, updated_at from {{ source('weft', 'profiles') }}
    {% if is_incremental() %}
    where updated_at > (select max(_profile_updated_at) from {{ this }})
    {% endif %}
)
select
    ids.profile_id,
    events.event_id,
    events.event_name,
    events.occurred_at,
    events.properties,
    events.revenue,
    profiles.updated_at as _profile_updated_at
from {{ ref('stg_events') }} events
join {{ source('weft', 'id_graph') }} ids
    on ids.id_type = 'anonymous_id' and ids.id_value = events.anonymous_id
join profiles on profiles.profile_id = ids.profile_id
