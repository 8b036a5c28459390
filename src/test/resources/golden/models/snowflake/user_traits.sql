CREATE OR REPLACE TABLE weft_new_user_traits_75835d0704 AS 
-- Traits per user_id, before identity resolution: what the business knows about each logged-in user.
-- Lifetime value counts orders that were not refunded or cancelled.
with orders as (
    select
        user_id,
        sum(case when status in ('refunded', 'cancelled') then 0 else amount end) as lifetime_value,
        count(*) as order_count,
        max(ordered_at) as last_order_at
    from stg_orders
    where user_id is not null
    group by user_id
),
events as (
    select user_id, min(occurred_at) as first_seen_at, max(occurred_at) as last_seen_at
    from stg_events
    where user_id is not null
    group by user_id
),
contacts as (
    select
        user_id, email, country, plan,
        row_number() over (partition by user_id order by updated_at desc, contact_id) as recency
    from stg_contacts
    where user_id is not null
),
-- UNION ALL, then DISTINCT: BigQuery refuses a bare UNION and Snowflake an explicit UNION DISTINCT.
users as (
    select distinct user_id from (
        select user_id from orders
        union all
        select user_id from events
        union all
        select user_id from contacts
    ) as known_users
)
select
    users.user_id,
    contacts.email,
    contacts.country,
    contacts.plan,
    coalesce(orders.lifetime_value, 0) as lifetime_value,
    coalesce(orders.order_count, 0) as order_count,
    orders.last_order_at,
    events.first_seen_at,
    events.last_seen_at
from users
left join orders on orders.user_id = users.user_id
left join events on events.user_id = users.user_id
left join contacts on contacts.user_id = users.user_id and contacts.recency = 1

;
CREATE TABLE IF NOT EXISTS user_traits LIKE weft_new_user_traits_75835d0704
;
ALTER TABLE weft_new_user_traits_75835d0704 SWAP WITH user_traits
;
DROP TABLE IF EXISTS weft_new_user_traits_75835d0704
