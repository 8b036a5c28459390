-- The plan's rows of some operations (bound to the markers), in a fixed order: by operation, then
-- record key (then hash, should a source repeat a key). After a crash the rows not acknowledged come in
-- the same order, so the batches re-sent hold the same records as before.
-- Variables: plan (table), markers (one ? per operation).
SELECT record_key, op, payload, payload_hash
FROM {{ d.ident(plan) }}
WHERE op IN ({{ markers }})
ORDER BY op, record_key, payload_hash
