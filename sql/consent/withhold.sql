-- Which of a sync's records are withheld, and why: members without consent for the sync's purpose, or
-- with it revoked, or on a suppression list that applies to the sync, and model rows that carry an identifier under
-- a held deletion request. Identifiers are resolved through
-- the identity graph: a record stands for its own identifiers (a model row) or its profile (an audience
-- member), and for every identifier of the profiles those reach that consent or a list names. Scratch tables: subjects (each record's
-- identifiers), events (consent events for the purpose), listed (suppressed identifiers), domains
-- (suppressed email domains); the result: withheld (record_key, reason).
-- Variables: t (the scratch tables' names), varchar, timestamp (type names); status, at, purpose, column:
-- a consent or list table's columns, as c.<column>.
-- name: tables
{{ d.dropTableIfExists(t.subjects) }}
;
CREATE TABLE {{ d.ident(t.subjects) }} (record_key {{ varchar }}, id_type {{ varchar }}, id_value {{ varchar }})
;
{{ d.dropTableIfExists(t.events) }}
;
CREATE TABLE {{ d.ident(t.events) }} (id_type {{ varchar }}, id_value {{ varchar }}, granted INTEGER, changed_at {{ timestamp }})
;
{{ d.dropTableIfExists(t.listed) }}
;
CREATE TABLE {{ d.ident(t.listed) }} (list_name {{ varchar }}, id_type {{ varchar }}, id_value {{ varchar }})
;
{{ d.dropTableIfExists(t.domains) }}
;
CREATE TABLE {{ d.ident(t.domains) }} (list_name {{ varchar }}, domain {{ varchar }})
;
{{ d.dropTableIfExists(t.withheld) }}
;
CREATE TABLE {{ d.ident(t.withheld) }} (record_key {{ varchar }}, reason {{ varchar }})
-- name: subjects
{#- One identifier column of the sync's source ({{ source }}: record_key and the identifier columns), its
    type bound first, then {{ value }} (the column normalized as identity does) and the source's binds. -#}
INSERT INTO {{ d.ident(t.subjects) }} (record_key, id_type, id_value)
SELECT record_key, id_type, id_value
FROM (SELECT x.record_key, CAST(? AS {{ varchar }}) AS id_type, {{ value }} AS id_value FROM ({{ source }}) x) y
WHERE id_value IS NOT NULL
-- name: through_identity
{#- The identifiers of the records' profiles ({{ graph }}) that a consent event or a suppression list names (or
    emails of a suppressed domain), and the profile IDs they name: consent given or revoked on any of a person's
    identifiers reaches every record of that person. Run after the events and lists are read: an identifier none
    of them names decides nothing, so a profile none of them touches is not expanded (a million members' profiles
    hold five million identifiers; the events name a few of them). -#}
INSERT INTO {{ d.ident(t.subjects) }} (record_key, id_type, id_value)
WITH named AS (
    SELECT id_type, id_value FROM {{ d.ident(t.events) }}
    UNION ALL
    SELECT id_type, id_value FROM {{ d.ident(t.listed) }}
),
touched AS (
    SELECT {{ d.castToText('g.profile_id') }} AS profile_id, g.id_type, g.id_value
    FROM {{ d.ident(graph) }} g JOIN named n ON n.id_type = g.id_type AND n.id_value = g.id_value
    UNION ALL
    SELECT {{ d.castToText('g.profile_id') }} AS profile_id, g.id_type, g.id_value
    FROM {{ d.ident(graph) }} g JOIN {{ d.ident(t.domains) }} m
      ON g.id_type = 'email' AND RIGHT(g.id_value, LENGTH(m.domain) + 1) = CONCAT('@', m.domain)
    UNION ALL
    SELECT id_value AS profile_id, id_type, id_value FROM named WHERE id_type = 'profile_id'
),
profiles AS (
    SELECT DISTINCT record_key, profile_id
    FROM (SELECT s.record_key, {{ d.castToText('g.profile_id') }} AS profile_id
          FROM {{ d.ident(t.subjects) }} s JOIN {{ d.ident(graph) }} g ON g.id_type = s.id_type AND g.id_value = s.id_value
          UNION ALL
          SELECT record_key, id_value AS profile_id FROM {{ d.ident(t.subjects) }} WHERE id_type = 'profile_id') found
    WHERE profile_id IN (SELECT profile_id FROM touched)
)
SELECT DISTINCT p.record_key, x.id_type, x.id_value
FROM profiles p JOIN touched x ON x.profile_id = p.profile_id
-- name: events
{#- One identifier column of a consent source ({{ table }}): its type bound first, then {{ value }}'s binds,
    then the sync's purpose. A status other than granted counts as a revocation (the safe side). -#}
INSERT INTO {{ d.ident(t.events) }} (id_type, id_value, granted, changed_at)
SELECT id_type, id_value, granted, changed_at
FROM (
    SELECT CAST(? AS {{ varchar }}) AS id_type, {{ value }} AS id_value,
           CASE WHEN LOWER(TRIM({{ d.castToText(status) }})) = 'granted' THEN 1 ELSE 0 END AS granted,
           CAST({{ at }} AS {{ timestamp }}) AS changed_at
    FROM {{ d.ident(table) }} c
    WHERE {{ d.castToText(purpose) }} = ?
) e
WHERE id_value IS NOT NULL
-- name: listed
{#- One identifier column of a suppression list ({{ table }}): the list's name and the type bound first,
    then {{ value }}'s binds. -#}
INSERT INTO {{ d.ident(t.listed) }} (list_name, id_type, id_value)
SELECT list_name, id_type, id_value
FROM (SELECT CAST(? AS {{ varchar }}) AS list_name, CAST(? AS {{ varchar }}) AS id_type, {{ value }} AS id_value FROM {{ d.ident(table) }} c) l
WHERE id_value IS NOT NULL
-- name: domains
{#- The email domains of a suppression list ({{ table }}, column {{ column }}), written with or without the @; the
    list's name bound. -#}
INSERT INTO {{ d.ident(t.domains) }} (list_name, domain)
SELECT CAST(? AS {{ varchar }}), LOWER(LTRIM(TRIM({{ d.castToText(column) }}), '@'))
FROM {{ d.ident(table) }} c
WHERE {{ column }} IS NOT NULL
-- name: held
{#- How many deletion requests are held: identity's tombstones ({{ tombstones }}). -#}
SELECT COUNT(*) FROM {{ d.ident(tombstones) }}
-- name: withhold
{#- Each record's verdict: when forgettable (a model's rows, a deletion request held), a record one of whose own
    identifiers is in {{ tombstones }} (identity's) is withheld as forgotten; per identifier the latest event for
    the purpose wins (a revocation on a tie); a record with any identifier revoked is withheld as revoked; with
    none granted, under an opt_in purpose, as no_consent; otherwise on the first suppression list (by name) that
    holds one of its identifiers or its email's domain. {{ source }} gives every record_key (its binds). -#}
INSERT INTO {{ d.ident(t.withheld) }} (record_key, reason)
WITH records AS (
    SELECT DISTINCT record_key FROM ({{ source }}) x
),
latest AS (
    SELECT id_type, id_value, granted
    FROM (SELECT e.id_type, e.id_value, e.granted,
                 ROW_NUMBER() OVER (PARTITION BY e.id_type, e.id_value ORDER BY e.changed_at DESC NULLS LAST, e.granted) AS pick
          FROM {{ d.ident(t.events) }} e) l
    WHERE pick = 1
),
consent AS (
    SELECT s.record_key, MAX(1 - l.granted) AS revoked, MAX(l.granted) AS granted
    FROM {{ d.ident(t.subjects) }} s JOIN latest l ON l.id_type = s.id_type AND l.id_value = s.id_value
    GROUP BY s.record_key
),
suppressed AS (
    SELECT record_key, MIN(list_name) AS list_name
    FROM (SELECT s.record_key, l.list_name
          FROM {{ d.ident(t.subjects) }} s JOIN {{ d.ident(t.listed) }} l ON l.id_type = s.id_type AND l.id_value = s.id_value
          UNION ALL
          SELECT s.record_key, m.list_name
          FROM {{ d.ident(t.subjects) }} s JOIN {{ d.ident(t.domains) }} m
            ON s.id_type = 'email' AND RIGHT(s.id_value, LENGTH(m.domain) + 1) = CONCAT('@', m.domain)) h
    GROUP BY record_key
){% if forgettable %},
forgotten AS (
    SELECT DISTINCT s.record_key
    FROM {{ d.ident(t.subjects) }} s JOIN {{ d.ident(tombstones) }} f ON f.id_type = s.id_type AND f.id_value = s.id_value
){% endif %}
SELECT r.record_key,
       CASE {% if forgettable %}WHEN f.record_key IS NOT NULL THEN 'forgotten'
            {% endif %}WHEN c.revoked = 1 THEN 'revoked'
            {% if opt_in %}WHEN c.granted IS NULL OR c.granted = 0 THEN 'no_consent'{% endif %}
            ELSE CONCAT('suppressed:', x.list_name) END
FROM records r
LEFT JOIN consent c ON c.record_key = r.record_key
LEFT JOIN suppressed x ON x.record_key = r.record_key
{% if forgettable %}LEFT JOIN forgotten f ON f.record_key = r.record_key
{% endif %}WHERE {% if forgettable %}f.record_key IS NOT NULL OR {% endif %}c.revoked = 1{% if opt_in %} OR c.granted IS NULL OR c.granted = 0{% endif %} OR x.list_name IS NOT NULL
-- name: counts
SELECT reason, COUNT(*) FROM {{ d.ident(t.withheld) }} GROUP BY reason ORDER BY reason
-- name: released
{#- The sync's source ({{ source }}) without its withheld records: what the plan diffs. -#}
SELECT s.* FROM ({{ source }}) s
WHERE NOT EXISTS (SELECT 1 FROM {{ d.ident(t.withheld) }} w WHERE w.record_key = s.record_key)
