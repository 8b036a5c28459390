CREATE OR REPLACE TABLE weft_new_stg_orders_4479250594 AS 
-- One row per order: identifiers cleaned, the latest copy of an order kept.
with orders as (
    select
        case when lower(trim(order_id)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(order_id) end as order_id,
        case when lower(trim(user_id)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(user_id) end as user_id,
        lower(case when lower(trim(email)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(email) end) as email,
        amount,
        upper(case when lower(trim(currency)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(currency) end) as currency,
        lower(case when lower(trim(status)) in ('', 'null', 'undefined', '00000000-0000-0000-0000-000000000000') then null
     else trim(status) end) as status,
        ordered_at
    from raw_orders
),
numbered as (
    select orders.*, row_number() over (partition by order_id order by ordered_at desc) as copy_number
    from orders
    where order_id is not null
)
select order_id, user_id, email, amount, currency, status, ordered_at
from numbered
where copy_number = 1

;
CREATE OR REPLACE TABLE stg_orders COPY weft_new_stg_orders_4479250594
;
DROP TABLE IF EXISTS weft_new_stg_orders_4479250594
