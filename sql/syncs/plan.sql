-- The diff of one sync: the source rows against the state table (what the destination acknowledged).
-- Each state row keeps two hashes: payload_hash, of the mapped values (what was sent), and source_hash,
-- of the source values they were mapped from together with the mapping itself. A row whose source_hash
-- is unchanged is skipped without mapping it (no transform, no payload); only the others are mapped and
-- compared by payload_hash, so changing the mapping still sends only the records whose values changed.
-- Variables: state, plan (tables), source (SELECT record_key, r0..rn: the source values), fields
-- (the mapped values f0..fn over s.r0..rn), source_hash (over r0..rn and the bound mapping fingerprint),
-- hash and payload (over f0..fn), ops (which of add/change/remove the mode sends).
-- name: tables
CREATE TABLE IF NOT EXISTS {{ d.ident(state) }} (record_key {{ varchar }}, payload_hash BIGINT, payload {{ varchar }}, synced_at TIMESTAMP, source_hash BIGINT)
;
{{ d.dropTableIfExists(plan) }}
;
CREATE TABLE {{ d.ident(plan) }} (record_key {{ varchar }}, op {{ varchar }}, payload_hash BIGINT, payload {{ varchar }}, source_hash BIGINT)
-- name: add_source_hash
{#- A state (or plan) table {{ table }} kept before source hashes: each of its rows is mapped and compared
    once, then refreshed. -#}
ALTER TABLE {{ d.ident(table) }} ADD COLUMN source_hash BIGINT
-- name: diff
{#- Rows of op 'refresh' kept the same mapped values from other source values (or under another mapping):
    nothing to send (no payload is built), only their source_hash to remember (section refresh). -#}
INSERT INTO {{ d.ident(plan) }} (record_key, op, payload_hash, payload, source_hash)
WITH src AS (
    {{ source }}
),
unsettled AS (
    SELECT s.*, t.record_key AS state_key, t.payload_hash AS state_hash{% if 'remove' in ops %}, t.payload AS state_payload{% endif %}
    FROM (SELECT src.*, {{ source_hash }} AS source_hash FROM src) s
    {% if 'remove' in ops %}FULL OUTER{% else %}LEFT{% endif %} JOIN (SELECT record_key, payload_hash, source_hash{% if 'remove' in ops %}, payload{% endif %} FROM {{ d.ident(state) }}) t
        ON t.record_key = s.record_key
    WHERE t.record_key IS NULL OR s.record_key IS NULL OR t.source_hash IS NULL OR t.source_hash <> s.source_hash
),
mapped AS (
    SELECT record_key, state_key, state_hash,{% if 'remove' in ops %} state_payload,{% endif %} source_hash, {{ fields }} FROM unsettled s
),
hashed AS (
    SELECT s.*, {{ hash }} AS payload_hash FROM mapped s
)
SELECT
    COALESCE(s.record_key, s.state_key) AS record_key,
    CASE WHEN s.state_key IS NULL THEN 'add' WHEN s.record_key IS NULL THEN 'remove'
         WHEN s.payload_hash <> s.state_hash THEN 'change' ELSE 'refresh' END AS op,
    COALESCE(s.payload_hash, s.state_hash) AS payload_hash,
    CASE WHEN s.record_key IS NULL THEN {% if 'remove' in ops %}s.state_payload{% else %}NULL{% endif %}
         WHEN s.payload_hash = s.state_hash THEN NULL ELSE {{ payload }} END AS payload,
    s.source_hash
FROM hashed s
WHERE {% if 'add' in ops %}s.state_key IS NULL{% else %}1 = 0{% endif %}
{% if 'change' in ops %}   OR (s.record_key IS NOT NULL AND s.state_key IS NOT NULL AND s.payload_hash <> s.state_hash){% endif %}
{% if 'remove' in ops %}   OR s.record_key IS NULL{% endif %}
   OR (s.record_key IS NOT NULL AND s.state_key IS NOT NULL AND s.payload_hash = s.state_hash)
-- name: refresh
{#- The state learns the new source_hash of rows whose mapped values did not change; then the plan holds
    only what is sent. -#}
UPDATE {{ d.ident(state) }} SET source_hash = p.source_hash
FROM {{ d.ident(plan) }} p
WHERE p.op = 'refresh' AND p.record_key = {{ d.ident(state) }}.record_key
;
DELETE FROM {{ d.ident(plan) }} WHERE op = 'refresh'
