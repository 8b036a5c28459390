{#- weft bench freshness: the changes whose way to a destination it times (DuckDB). Every new row is stamped
    a second after the newest of its table, so each source's watermark moves. -#}
-- name: new_people
{#- {{ percent }}% of raw_contacts again as new people: a new contact id and a new email of their own. -#}
INSERT INTO raw_contacts (contact_id, email, country, plan, updated_at)
SELECT 'fresh-' || contact_id, 'fresh.' || contact_id || '@weftmail.org', country, plan,
       (SELECT MAX(updated_at) FROM raw_contacts) + INTERVAL 1 SECOND
FROM raw_contacts USING SAMPLE {{ percent }}% (bernoulli, 42)
-- name: merge
{#- One contact carrying one member's email and another member's phone: their profiles become one. -#}
INSERT INTO raw_contacts (contact_id, email, phone, country, updated_at)
SELECT 'fresh-merge', ?, ?, 'US', MAX(updated_at) + INTERVAL 1 SECOND FROM raw_contacts
-- name: forget_contacts
{#- The contact rows that carry one member's email: deleted upstream. -#}
DELETE FROM raw_contacts WHERE lower(trim(email)) = ?
-- name: members
SELECT profile_id FROM weft_audience_members WHERE audience_id = ?
-- name: people
{#- The audience's members with what a merge and a deletion need: their primary email, phone and user_id. -#}
SELECT p.profile_id, p.primary_email, p.primary_phone, p.primary_user_id
FROM weft_profiles p JOIN weft_audience_members m ON m.profile_id = p.profile_id AND m.audience_id = ?
ORDER BY p.profile_id
