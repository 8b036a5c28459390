CREATE OR REPLACE TABLE weft_new_profile_traits_c8f150f066 AS 
-- Traits per resolved profile (runs after identity resolution). Orders and contacts join their profile
-- through their user_id, else their email; events through profile_events.
-- Incremental: a later run recomputes only the profiles an identity run wrote since this model's last build
-- (their updated_at, kept as _profile_updated_at: new rows, merges, splits and forgotten identifiers all write
-- the profiles they touch), merged on profile_id; the rows of profiles that are gone are deleted after
-- (macros/profiles.sql).
with profiles as (
    select profile_id, first_seen, last_seen, updated_at from weft_profiles
    
),
ids as (
    select profile_id, id_type, id_value from weft_id_graph
),
-- The identifiers of the profiles recomputed: only orders and contacts carrying one of them can belong to one.
profile_ids as (
    select ids.profile_id, ids.id_type, ids.id_value from ids join profiles on profiles.profile_id = ids.profile_id
),
order_profiles as (
    select coalesce(by_user.profile_id, by_email.profile_id) as profile_id, o.amount, o.status, o.ordered_at
    from stg_orders o
    left join ids by_user on by_user.id_type = 'user_id' and by_user.id_value = o.user_id
    left join ids by_email on by_email.id_type = 'email' and by_email.id_value = o.email
    
),
orders as (
    select
        profile_id,
        sum(case when status in ('refunded', 'cancelled') then 0 else amount end) as lifetime_value,
        count(*) as order_count,
        max(ordered_at) as last_order_at
    from order_profiles
    where profile_id is not null
    group by profile_id
),
contact_profiles as (
    select coalesce(by_user.profile_id, by_email.profile_id) as profile_id,
           c.contact_id, c.email, c.country, c.plan, c.updated_at
    from stg_contacts c
    left join ids by_user on by_user.id_type = 'user_id' and by_user.id_value = c.user_id
    left join ids by_email on by_email.id_type = 'email' and by_email.id_value = c.email
    
),
contacts as (
    select profile_id, email, country, plan,
           row_number() over (partition by profile_id order by updated_at desc, contact_id) as recency
    from contact_profiles
    where profile_id is not null
),
emails as (
    select profile_id, min(id_value) as email from profile_ids where id_type = 'email' group by profile_id
),
events as (
    select profile_id, min(occurred_at) as first_seen_at, max(occurred_at) as last_seen_at
    from profile_events
    
    group by profile_id
)
select
    profiles.profile_id,
    coalesce(contact_emails.id_value, emails.email) as email,
    contacts.country,
    contacts.plan,
    coalesce(orders.lifetime_value, 0) as lifetime_value,
    coalesce(orders.order_count, 0) as order_count,
    coalesce(events.first_seen_at, profiles.first_seen) as first_seen_at,
    coalesce(events.last_seen_at, profiles.last_seen) as last_seen_at,
    orders.last_order_at,
    profiles.updated_at as _profile_updated_at
from profiles
left join orders on orders.profile_id = profiles.profile_id
left join contacts on contacts.profile_id = profiles.profile_id and contacts.recency = 1
-- The contact's email only while it is one of the profile's identifiers: an email under a deletion request (or
-- kept out as junk) is no trait, though the contact row joins through its user_id.
left join profile_ids contact_emails on contact_emails.profile_id = profiles.profile_id and contact_emails.id_type = 'email'
    and contact_emails.id_value = contacts.email
left join emails on emails.profile_id = profiles.profile_id
left join events on events.profile_id = profiles.profile_id

;
CREATE OR REPLACE TABLE profile_traits COPY weft_new_profile_traits_c8f150f066
;
DROP TABLE IF EXISTS weft_new_profile_traits_c8f150f066
;
MERGE INTO profile_traits AS t USING (
-- Traits per resolved profile (runs after identity resolution). Orders and contacts join their profile
-- through their user_id, else their email; events through profile_events.
-- Incremental: a later run recomputes only the profiles an identity run wrote since this model's last build
-- (their updated_at, kept as _profile_updated_at: new rows, merges, splits and forgotten identifiers all write
-- the profiles they touch), merged on profile_id; the rows of profiles that are gone are deleted after
-- (macros/profiles.sql).
with profiles as (
    select profile_id, first_seen, last_seen, updated_at from weft_profiles
    
    where updated_at > (select max(_profile_updated_at) from profile_traits)
    
),
ids as (
    select profile_id, id_type, id_value from weft_id_graph
),
-- The identifiers of the profiles recomputed: only orders and contacts carrying one of them can belong to one.
profile_ids as (
    select ids.profile_id, ids.id_type, ids.id_value from ids join profiles on profiles.profile_id = ids.profile_id
),
order_profiles as (
    select coalesce(by_user.profile_id, by_email.profile_id) as profile_id, o.amount, o.status, o.ordered_at
    from stg_orders o
    left join ids by_user on by_user.id_type = 'user_id' and by_user.id_value = o.user_id
    left join ids by_email on by_email.id_type = 'email' and by_email.id_value = o.email
    
    where o.user_id in (select id_value from profile_ids where id_type = 'user_id')
       or o.email in (select id_value from profile_ids where id_type = 'email')
    
),
orders as (
    select
        profile_id,
        sum(case when status in ('refunded', 'cancelled') then 0 else amount end) as lifetime_value,
        count(*) as order_count,
        max(ordered_at) as last_order_at
    from order_profiles
    where profile_id is not null
    group by profile_id
),
contact_profiles as (
    select coalesce(by_user.profile_id, by_email.profile_id) as profile_id,
           c.contact_id, c.email, c.country, c.plan, c.updated_at
    from stg_contacts c
    left join ids by_user on by_user.id_type = 'user_id' and by_user.id_value = c.user_id
    left join ids by_email on by_email.id_type = 'email' and by_email.id_value = c.email
    
    where c.user_id in (select id_value from profile_ids where id_type = 'user_id')
       or c.email in (select id_value from profile_ids where id_type = 'email')
    
),
contacts as (
    select profile_id, email, country, plan,
           row_number() over (partition by profile_id order by updated_at desc, contact_id) as recency
    from contact_profiles
    where profile_id is not null
),
emails as (
    select profile_id, min(id_value) as email from profile_ids where id_type = 'email' group by profile_id
),
events as (
    select profile_id, min(occurred_at) as first_seen_at, max(occurred_at) as last_seen_at
    from profile_events
    
    where profile_id in (select profile_id from profiles)
    
    group by profile_id
)
select
    profiles.profile_id,
    coalesce(contact_emails.id_value, emails.email) as email,
    contacts.country,
    contacts.plan,
    coalesce(orders.lifetime_value, 0) as lifetime_value,
    coalesce(orders.order_count, 0) as order_count,
    coalesce(events.first_seen_at, profiles.first_seen) as first_seen_at,
    coalesce(events.last_seen_at, profiles.last_seen) as last_seen_at,
    orders.last_order_at,
    profiles.updated_at as _profile_updated_at
from profiles
left join orders on orders.profile_id = profiles.profile_id
left join contacts on contacts.profile_id = profiles.profile_id and contacts.recency = 1
-- The contact's email only while it is one of the profile's identifiers: an email under a deletion request (or
-- kept out as junk) is no trait, though the contact row joins through its user_id.
left join profile_ids contact_emails on contact_emails.profile_id = profiles.profile_id and contact_emails.id_type = 'email'
    and contact_emails.id_value = contacts.email
left join emails on emails.profile_id = profiles.profile_id
left join events on events.profile_id = profiles.profile_id
) AS s ON t.profile_id = s.profile_id WHEN MATCHED THEN UPDATE SET event_id = s.event_id, anonymous_id = s.anonymous_id, user_id = s.user_id, device_id = s.device_id, event_name = s.event_name, properties = s.properties, revenue = s.revenue, occurred_at = s.occurred_at WHEN NOT MATCHED THEN INSERT (event_id, anonymous_id, user_id, device_id, event_name, properties, revenue, occurred_at) VALUES (s.event_id, s.anonymous_id, s.user_id, s.device_id, s.event_name, s.properties, s.revenue, s.occurred_at)
