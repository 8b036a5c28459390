{#- Synthetic profiles, traits and events for `weft bench audiences` (DuckDB), generated in SQL so
    a million profiles take seconds. `profiles` and `events_per_profile` are integers Weft checked. -#}
CREATE OR REPLACE TABLE weft_profiles AS
SELECT 'p' || lpad(CAST(i AS VARCHAR), 9, '0') AS profile_id,
       now()::TIMESTAMP - to_days(CAST(hash(i, 1) % 700 AS INTEGER)) AS first_seen,
       now()::TIMESTAMP - to_days(CAST(hash(i, 2) % 30 AS INTEGER)) AS last_seen,
       CAST(1 + hash(i, 3) % 5 AS BIGINT) AS identifier_count
FROM range({{ profiles }}) AS t(i)
;
CREATE OR REPLACE TABLE profile_traits AS
SELECT profile_id,
       'user' || i || '@example.com' AS email,
       (['DE', 'FR', 'US', 'GB', 'ES', 'IT', 'NL', 'PL'])[1 + CAST(hash(i, 4) % 8 AS INTEGER)] AS country,
       (['free', 'pro', 'enterprise'])[1 + CAST(hash(i, 5) % 3 AS INTEGER)] AS plan,
       CAST(hash(i, 6) % 200000 AS DOUBLE) / 100 AS lifetime_value,
       CAST(hash(i, 7) % 25 AS BIGINT) AS order_count,
       first_seen AS first_seen_at,
       last_seen AS last_seen_at,
       CASE WHEN hash(i, 8) % 4 = 0 THEN NULL ELSE now()::TIMESTAMP - to_days(CAST(hash(i, 9) % 365 AS INTEGER)) END AS last_order_at
FROM (SELECT i, profile_id, first_seen, last_seen FROM range({{ profiles }}) AS t(i)
      JOIN weft_profiles ON profile_id = 'p' || lpad(CAST(i AS VARCHAR), 9, '0'))
;
CREATE OR REPLACE TABLE profile_events AS
SELECT 'p' || lpad(CAST(hash(j, 10) % {{ profiles }} AS VARCHAR), 9, '0') AS profile_id,
       (['page_viewed', 'page_viewed', 'page_viewed', 'product_viewed', 'product_viewed', 'added_to_cart',
         'checkout_started', 'order_completed', 'app_opened', 'logged_in'])[1 + CAST(hash(j, 11) % 10 AS INTEGER)] AS event_name,
       now()::TIMESTAMP - to_minutes(CAST(hash(j, 12) % (180 * 24 * 60) AS INTEGER)) AS occurred_at,
       CAST('{"category": "' || (['shoes', 'hats', 'bags', 'shirts'])[1 + CAST(hash(j, 13) % 4 AS INTEGER)] || '"}' AS JSON) AS properties,
       CAST(hash(j, 14) % 30000 AS DOUBLE) / 100 AS revenue
FROM range({{ profiles }} * {{ events_per_profile }}) AS t(j)
