{{ config(materialized='table') }}
-- One row per order: identifiers cleaned, the latest copy of an order kept.
with orders as (
    select
        {{ clean('order_id') }} as order_id,
        {{ clean('user_id') }} as user_id,
        {{ clean_email('email') }} as email,
        amount,
        upper({{ clean('currency') }}) as currency,
        lower({{ clean('status') }}) as status,
        ordered_at
    from {{ source('raw', 'raw_orders') }}
),
numbered as (
    select orders.*, row_number() over (partition by order_id order by ordered_at desc) as copy_number
    from orders
    where order_id is not null
)
select order_id, user_id, email, amount, currency, status, ordered_at
from numbered
where copy_number = 1
