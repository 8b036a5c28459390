-- The diff of one sync, in one statement: the source rows (mapped, with a compact 64-bit hash of the
-- mapped values) against the state table (what the destination acknowledged). Only added, changed
-- and (in mirror mode) removed rows land in the plan table; the payload JSON is built for those only.
-- Variables: state, plan (tables), source (SELECT record_key, f0..fn), fields (f0..fn), hash, payload
-- (expressions over the fields), ops (which of add/change/remove the mode sends).
CREATE TABLE IF NOT EXISTS {{ d.ident(state) }} (record_key {{ varchar }}, payload_hash BIGINT, payload {{ varchar }}, synced_at TIMESTAMP)
;
{{ d.dropTableIfExists(plan) }}
;
CREATE TABLE {{ d.ident(plan) }} (record_key {{ varchar }}, op {{ varchar }}, payload_hash BIGINT, payload {{ varchar }})
;
INSERT INTO {{ d.ident(plan) }} (record_key, op, payload_hash, payload)
WITH src AS (
    {{ source }}
),
hashed AS (
    SELECT record_key, {{ fields }}, {{ hash }} AS payload_hash FROM src
)
SELECT
    COALESCE(s.record_key, t.record_key) AS record_key,
    CASE WHEN t.record_key IS NULL THEN 'add' WHEN s.record_key IS NULL THEN 'remove' ELSE 'change' END AS op,
    COALESCE(s.payload_hash, t.payload_hash) AS payload_hash,
    CASE WHEN s.record_key IS NULL THEN t.payload ELSE {{ payload }} END AS payload
FROM hashed s
FULL OUTER JOIN (SELECT record_key, payload_hash, payload FROM {{ d.ident(state) }}) t ON t.record_key = s.record_key
WHERE {% if 'add' in ops %}t.record_key IS NULL{% else %}1 = 0{% endif %}
{% if 'change' in ops %}   OR (s.record_key IS NOT NULL AND t.record_key IS NOT NULL AND s.payload_hash <> t.payload_hash){% endif %}
{% if 'remove' in ops %}   OR s.record_key IS NULL{% endif %}
