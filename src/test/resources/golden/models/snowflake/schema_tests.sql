-- not_null_stg_events_event_id []
SELECT count(*) FROM (
-- Schema test not_null: the rows where the column is NULL (none passes).
SELECT * FROM stg_events WHERE event_id IS NULL
) failures
;
-- unique_stg_events_event_id []
SELECT count(*) FROM (
-- Schema test unique: each value that appears more than once, with how often (none passes); NULLs are not_null's business.
SELECT event_id, count(*) AS n_records FROM stg_events
WHERE event_id IS NOT NULL
GROUP BY event_id
HAVING count(*) > 1
) failures
;
-- not_null_stg_events_anonymous_id []
SELECT count(*) FROM (
-- Schema test not_null: the rows where the column is NULL (none passes).
SELECT * FROM stg_events WHERE anonymous_id IS NULL
) failures
;
-- accepted_values_stg_events_event_name [page_viewed, product_viewed, added_to_cart, checkout_started, order_completed, app_opened, signed_up, logged_in]
SELECT count(*) FROM (
-- Schema test accepted_values: the rows whose value is not in the list (none passes). The values are bind
-- parameters; the column is compared as text so the test works on any column type.
SELECT * FROM stg_events
WHERE event_name IS NOT NULL
  AND CAST(event_name AS VARCHAR) NOT IN (?, ?, ?, ?, ?, ?, ?, ?)
) failures
;
-- not_null_stg_orders_order_id []
SELECT count(*) FROM (
-- Schema test not_null: the rows where the column is NULL (none passes).
SELECT * FROM stg_orders WHERE order_id IS NULL
) failures
;
-- unique_stg_orders_order_id []
SELECT count(*) FROM (
-- Schema test unique: each value that appears more than once, with how often (none passes); NULLs are not_null's business.
SELECT order_id, count(*) AS n_records FROM stg_orders
WHERE order_id IS NOT NULL
GROUP BY order_id
HAVING count(*) > 1
) failures
;
-- accepted_values_stg_orders_status [completed, refunded, cancelled]
SELECT count(*) FROM (
-- Schema test accepted_values: the rows whose value is not in the list (none passes). The values are bind
-- parameters; the column is compared as text so the test works on any column type.
SELECT * FROM stg_orders
WHERE status IS NOT NULL
  AND CAST(status AS VARCHAR) NOT IN (?, ?, ?)
) failures
;
-- not_null_stg_contacts_contact_id []
SELECT count(*) FROM (
-- Schema test not_null: the rows where the column is NULL (none passes).
SELECT * FROM stg_contacts WHERE contact_id IS NULL
) failures
;
-- unique_stg_contacts_contact_id []
SELECT count(*) FROM (
-- Schema test unique: each value that appears more than once, with how often (none passes); NULLs are not_null's business.
SELECT contact_id, count(*) AS n_records FROM stg_contacts
WHERE contact_id IS NOT NULL
GROUP BY contact_id
HAVING count(*) > 1
) failures
;
-- not_null_user_traits_user_id []
SELECT count(*) FROM (
-- Schema test not_null: the rows where the column is NULL (none passes).
SELECT * FROM user_traits WHERE user_id IS NULL
) failures
;
-- unique_user_traits_user_id []
SELECT count(*) FROM (
-- Schema test unique: each value that appears more than once, with how often (none passes); NULLs are not_null's business.
SELECT user_id, count(*) AS n_records FROM user_traits
WHERE user_id IS NOT NULL
GROUP BY user_id
HAVING count(*) > 1
) failures
;
-- not_null_profile_traits_profile_id []
SELECT count(*) FROM (
-- Schema test not_null: the rows where the column is NULL (none passes).
SELECT * FROM profile_traits WHERE profile_id IS NULL
) failures
;
-- unique_profile_traits_profile_id []
SELECT count(*) FROM (
-- Schema test unique: each value that appears more than once, with how often (none passes); NULLs are not_null's business.
SELECT profile_id, count(*) AS n_records FROM profile_traits
WHERE profile_id IS NOT NULL
GROUP BY profile_id
HAVING count(*) > 1
) failures
;
-- not_null_profile_events_profile_id []
SELECT count(*) FROM (
-- Schema test not_null: the rows where the column is NULL (none passes).
SELECT * FROM profile_events WHERE profile_id IS NULL
) failures
;
-- relationships_profile_events_event_id []
SELECT count(*) FROM (
-- Schema test relationships: the rows whose value has no match in the referenced model's field (none passes).
SELECT child.* FROM profile_events child
LEFT JOIN stg_events parent ON child.event_id = parent.event_id
WHERE child.event_id IS NOT NULL AND parent.event_id IS NULL
) failures
