{{ config(materialized='incremental', unique_key='contact_id',
          post_hook="{{ delete_contacts_without_rows() }}") }}
-- One row per CRM contact (its latest update): junk values nulled, emails trimmed and lower-cased.
-- Phones stay as typed; identity resolution normalizes them to E.164.
-- Incremental: a later run recomputes only the contacts with a row newer than this table's newest, or whose row
-- here is gone from the source (deleted upstream: the latest copy left takes its place), merged on contact_id;
-- a contact with no row left is deleted after (macros/staging.sql).
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
{% if is_incremental() %}
changed as (
    select contact_id from contacts where updated_at > (select max(updated_at) from {{ this }})
    union all
    select kept.contact_id from {{ this }} kept
    left join contacts on contacts.contact_id = kept.contact_id and contacts.updated_at = kept.updated_at
    where contacts.contact_id is null
),
{% endif %}
numbered as (
    select contacts.*, row_number() over (partition by contact_id order by updated_at desc) as copy_number
    from contacts
    where contact_id is not null
    {% if is_incremental() %}
      and contact_id in (select contact_id from changed)
    {% endif %}
)
select contact_id, email, phone, user_id, first_name, last_name, country, plan, created_at, updated_at
from numbered
where copy_number = 1
