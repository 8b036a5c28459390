-- not_null_stg_events_event_id []
-- Schema test not_null: rows where the column is NULL (0 passes).
SELECT count(*) FROM stg_events WHERE event_id IS NULL
;
-- unique_stg_events_event_id []
-- Schema test unique: values that appear more than once (0 passes); NULLs are not_null's business.
SELECT count(*) FROM (
  SELECT event_id FROM stg_events
  WHERE event_id IS NOT NULL
  GROUP BY event_id
  HAVING count(*) > 1
) duplicates
;
-- not_null_stg_events_anonymous_id []
-- Schema test not_null: rows where the column is NULL (0 passes).
SELECT count(*) FROM stg_events WHERE anonymous_id IS NULL
;
-- accepted_values_stg_events_event_name [page_viewed, product_viewed, added_to_cart, checkout_started, order_completed, app_opened, signed_up, logged_in]
-- Schema test accepted_values: rows whose value is not in the list (0 passes). The values are bind
-- parameters; the column is compared as text so the test works on any column type.
SELECT count(*) FROM stg_events
WHERE event_name IS NOT NULL
  AND CAST(event_name AS VARCHAR) NOT IN (?, ?, ?, ?, ?, ?, ?, ?)
;
-- not_null_stg_orders_order_id []
-- Schema test not_null: rows where the column is NULL (0 passes).
SELECT count(*) FROM stg_orders WHERE order_id IS NULL
;
-- unique_stg_orders_order_id []
-- Schema test unique: values that appear more than once (0 passes); NULLs are not_null's business.
SELECT count(*) FROM (
  SELECT order_id FROM stg_orders
  WHERE order_id IS NOT NULL
  GROUP BY order_id
  HAVING count(*) > 1
) duplicates
;
-- accepted_values_stg_orders_status [completed, refunded, cancelled]
-- Schema test accepted_values: rows whose value is not in the list (0 passes). The values are bind
-- parameters; the column is compared as text so the test works on any column type.
SELECT count(*) FROM stg_orders
WHERE status IS NOT NULL
  AND CAST(status AS VARCHAR) NOT IN (?, ?, ?)
;
-- not_null_stg_contacts_contact_id []
-- Schema test not_null: rows where the column is NULL (0 passes).
SELECT count(*) FROM stg_contacts WHERE contact_id IS NULL
;
-- unique_stg_contacts_contact_id []
-- Schema test unique: values that appear more than once (0 passes); NULLs are not_null's business.
SELECT count(*) FROM (
  SELECT contact_id FROM stg_contacts
  WHERE contact_id IS NOT NULL
  GROUP BY contact_id
  HAVING count(*) > 1
) duplicates
;
-- not_null_user_traits_user_id []
-- Schema test not_null: rows where the column is NULL (0 passes).
SELECT count(*) FROM user_traits WHERE user_id IS NULL
;
-- unique_user_traits_user_id []
-- Schema test unique: values that appear more than once (0 passes); NULLs are not_null's business.
SELECT count(*) FROM (
  SELECT user_id FROM user_traits
  WHERE user_id IS NOT NULL
  GROUP BY user_id
  HAVING count(*) > 1
) duplicates
;
-- not_null_profile_traits_profile_id []
-- Schema test not_null: rows where the column is NULL (0 passes).
SELECT count(*) FROM profile_traits WHERE profile_id IS NULL
;
-- unique_profile_traits_profile_id []
-- Schema test unique: values that appear more than once (0 passes); NULLs are not_null's business.
SELECT count(*) FROM (
  SELECT profile_id FROM profile_traits
  WHERE profile_id IS NOT NULL
  GROUP BY profile_id
  HAVING count(*) > 1
) duplicates
;
-- not_null_profile_events_profile_id []
-- Schema test not_null: rows where the column is NULL (0 passes).
SELECT count(*) FROM profile_events WHERE profile_id IS NULL
;
-- relationships_profile_events_event_id []
-- Schema test relationships: rows whose value has no match in the referenced model's field (0 passes).
SELECT count(*) FROM profile_events child
LEFT JOIN stg_events parent ON child.event_id = parent.event_id
WHERE child.event_id IS NOT NULL AND parent.event_id IS NULL
