CREATE OR REPLACE TABLE weft_new_stg_contacts_1eec04d835 AS 
-- One row per CRM contact (its latest update): junk values nulled, emails trimmed and lower-cased.
-- Phones stay as typed; identity resolution normalizes them to E.164.
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
