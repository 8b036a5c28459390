{{ config(materialized='table') }}
-- One row per CRM contact (its latest update): junk values nulled, emails trimmed and lower-cased.
-- Phones stay as typed; identity resolution normalizes them to E.164.
with contacts as (
    select
        {{ clean('contact_id') }} as contact_id,
        {{ clean_email('email') }} as email,
        {{ clean('phone') }} as phone,
        {{ clean('user_id') }} as user_id,
        {{ clean('first_name') }} as first_name,
        {{ clean('last_name') }} as last_name,
        upper({{ clean('country') }}) as country,
        lower({{ clean('plan') }}) as plan,
        created_at,
        updated_at
    from {{ source('raw', 'raw_contacts') }}
),
numbered as (
    select contacts.*, row_number() over (partition by contact_id order by updated_at desc) as copy_number
    from contacts
    where contact_id is not null
)
select contact_id, email, phone, user_id, first_name, last_name, country, plan, created_at, updated_at
from numbered
where copy_number = 1
