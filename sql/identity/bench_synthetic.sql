{#- DuckDB only: synthetic raw_events and raw_contacts of {{ n }} people, for 'weft bench identity --synthetic'.
    Per person: three cookies over six events, a user_id after login (80%), a device (40%), a contact row
    with email (70%, with case and whitespace noise) and phone (40%); 1% of people share a cookie with
    the next person; junk values appear in 0.1% of contacts. -#}
CREATE OR REPLACE TABLE raw_events AS
SELECT 'ev' || CAST(i * 6 + k AS VARCHAR) AS event_id,
       'c' || CAST(CASE WHEN i % 100 = 7 AND k = 5 THEN i + 1 ELSE i END AS VARCHAR) || '-' || CAST(k % 3 AS VARCHAR) AS anonymous_id,
       CASE WHEN i % 5 <> 0 AND k >= 3 THEN 'u' || CAST(i AS VARCHAR) END AS user_id,
       CASE WHEN i % 5 IN (1, 2) AND k % 2 = 1 THEN 'd' || CAST(i AS VARCHAR) END AS device_id,
       'page_viewed' AS event_name,
       TIMESTAMP '2026-01-01' + INTERVAL 1 SECOND * CAST(i * 6 + k AS BIGINT) AS occurred_at
FROM range(0, {{ n }}) p(i), range(0, 6) e(k)
;
CREATE OR REPLACE TABLE raw_contacts AS
SELECT 'ct' || CAST(i AS VARCHAR) AS contact_id,
       CASE WHEN i % 1000 = 3 THEN 'null' WHEN i % 1000 = 4 THEN 'test@test.com'
            WHEN i % 2 = 0 THEN ' E' || CAST(i AS VARCHAR) || '@Mail.com' ELSE 'e' || CAST(i AS VARCHAR) || '@mail.com' END AS email,
       CASE WHEN i % 10 < 4 THEN '(2' || lpad(CAST(i % 100000000 AS VARCHAR), 9, '0') || ')' END AS phone,
       CASE WHEN i % 5 <> 0 THEN 'u' || CAST(i AS VARCHAR) END AS user_id,
       TIMESTAMP '2026-01-01' + INTERVAL 1 SECOND * CAST(i AS BIGINT) AS updated_at
FROM range(0, {{ n }}) p(i)
WHERE i % 10 < 7
