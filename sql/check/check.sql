{#- The statements of `weft warehouse check` that are its own: the scratch schema it works in and a probe of the
    hash and time functions. Everything else it runs is the features' own SQL, pointed at the scratch schema. -#}
-- name: create_schema
{#- Variables: schema. A fresh, unique name: never IF NOT EXISTS, so it never adopts a schema someone else made. -#}
CREATE SCHEMA {{ d.ident(schema) }}
-- name: drop_schema
{#- Variables: schema. With everything in it, whatever the check left behind. -#}
DROP SCHEMA IF EXISTS {{ d.ident(schema) }} CASCADE
-- name: functions
{#- One row: a 64-bit hash and a SHA-256 of a bound text, and a bound timestamp moved a bound number of days and
    compared with the one Java computed. Binds: text, text, timestamp, days, expected timestamp. -#}
SELECT {{ d.hash64("CAST(? AS " ~ varchar ~ ")") }},
       {{ d.sha256Hex("CAST(? AS " ~ varchar ~ ")") }},
       CASE WHEN {{ d.addDays("CAST(? AS TIMESTAMP)", "?") }} = CAST(? AS TIMESTAMP) THEN 1 ELSE 0 END,
       CASE WHEN {{ d.currentTimestamp() }} IS NOT NULL THEN 1 ELSE 0 END
-- name: model
{#- The check's model, as a data team's models/*.sql would hold it: the contacts it loaded. -#}
SELECT contact_id, email FROM check_contacts
-- name: model_with_new_row
{#- The same model a run later: one contact more, for the incremental MERGE. -#}
SELECT contact_id, email FROM check_contacts
UNION ALL
SELECT 'k8' AS contact_id, 'new@weft-check.dev' AS email
-- name: traits
{#- A traits model over identity's output: each profile's email and a lifetime value (a 25, b 40, c 5; alt@ sorts after a@).
    Variables: double (the engine's DOUBLE). -#}
SELECT g.profile_id, MIN(g.id_value) AS email,
       CAST(CASE MIN(g.id_value) WHEN 'a@weft-check.dev' THEN 25 WHEN 'b@weft-check.dev' THEN 40 ELSE 5 END AS {{ double }}) AS ltv
FROM weft_id_graph g
WHERE g.id_type = 'email'
GROUP BY g.profile_id
-- name: events
{#- An events model over identity's output: an order per contact with an email, at the contact's time. -#}
SELECT g.profile_id, 'order_completed' AS event_name, c.updated_at AS occurred_at
FROM check_contacts c
JOIN weft_id_graph g ON g.id_type = 'email' AND g.id_value = c.email
