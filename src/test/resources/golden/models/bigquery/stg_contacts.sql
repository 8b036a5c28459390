CREATE OR REPLACE TABLE weft_new_stg_contacts_1eec04d835 AS 
-- One row per CRM contact (its latest update): junk values nulled, emails trimmed and lower-cased.
-- Phones stay as typed; identity resolution normalizes them to E.164.
-- Incremental: a later run recomputes only the contacts with a row newer than this table's newest, or whose row
-- here is gone from the source (deleted upstream: the latest copy left takes its place), merged on contact_id;
-- a contact with no row left is deleted after (macros/staging.sql).
with contacts as (
    select
        case when lower(trim(contact_id)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(contact_id) end as contact_id,
        lower(case when lower(trim(email)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(email) end) as email,
        case when lower(trim(phone)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(phone) end as phone,
        case when lower(trim(user_id)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(user_id) end as user_id,
        case when lower(trim(first_name)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(first_name) end as first_name,
        case when lower(trim(last_name)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(last_name) end as last_name,
        upper(case when lower(trim(country)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(country) end) as country,
        lower(case when lower(trim(plan)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(plan) end) as plan,
        created_at,
        updated_at
    from raw_contacts
),

numbered as (
    select contacts.*, row_number() over (partition by contact_id order by updated_at desc) as copy_number
    from contacts
    where contact_id is not null
    
)
select contact_id, email, phone, user_id, first_name, last_name, country, plan, created_at, updated_at
from numbered
where copy_number = 1

;
CREATE OR REPLACE TABLE stg_contacts COPY weft_new_stg_contacts_1eec04d835
;
DROP TABLE IF EXISTS weft_new_stg_contacts_1eec04d835
;
MERGE INTO stg_contacts AS t USING (
-- One row per CRM contact (its latest update): junk values nulled, emails trimmed and lower-cased.
-- Phones stay as typed; identity resolution normalizes them to E.164.
-- Incremental: a later run recomputes only the contacts with a row newer than this table's newest, or whose row
-- here is gone from the source (deleted upstream: the latest copy left takes its place), merged on contact_id;
-- a contact with no row left is deleted after (macros/staging.sql).
with contacts as (
    select
        case when lower(trim(contact_id)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(contact_id) end as contact_id,
        lower(case when lower(trim(email)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(email) end) as email,
        case when lower(trim(phone)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(phone) end as phone,
        case when lower(trim(user_id)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(user_id) end as user_id,
        case when lower(trim(first_name)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(first_name) end as first_name,
        case when lower(trim(last_name)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(last_name) end as last_name,
        upper(case when lower(trim(country)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(country) end) as country,
        lower(case when lower(trim(plan)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(plan) end) as plan,
        created_at,
        updated_at
    from raw_contacts
),

changed as (
    select contact_id from contacts where updated_at > (select max(updated_at) from stg_contacts)
    union all
    select kept.contact_id from stg_contacts kept
    left join contacts on contacts.contact_id = kept.contact_id and contacts.updated_at = kept.updated_at
    where contacts.contact_id is null
),

numbered as (
    select contacts.*, row_number() over (partition by contact_id order by updated_at desc) as copy_number
    from contacts
    where contact_id is not null
    
      and contact_id in (select contact_id from changed)
    
)
select contact_id, email, phone, user_id, first_name, last_name, country, plan, created_at, updated_at
from numbered
where copy_number = 1
) AS s ON t.contact_id = s.contact_id WHEN MATCHED THEN UPDATE SET event_id = s.event_id, anonymous_id = s.anonymous_id, user_id = s.user_id, device_id = s.device_id, event_name = s.event_name, properties = s.properties, revenue = s.revenue, occurred_at = s.occurred_at WHEN NOT MATCHED THEN INSERT (event_id, anonymous_id, user_id, device_id, event_name, properties, revenue, occurred_at) VALUES (s.event_id, s.anonymous_id, s.user_id, s.device_id, s.event_name, s.properties, s.revenue, s.occurred_at)
