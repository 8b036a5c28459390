-- The plan's rows of some operations (bound to the markers), in a fixed order: by operation, then
-- record key (then hash, should a source repeat a key). After a crash the rows not acknowledged come in
-- the same order, so the batches re-sent hold the same records as before.
-- Variables: plan (table), operations (how many are bound).
SELECT record_key, op, payload, payload_hash
FROM {{ d.ident(plan) }}
WHERE op IN ({% for i in range(operations) %}?{% if not loop.last %}, {% endif %}{% endfor %})
ORDER BY op, record_key, payload_hash
