-- Folds acknowledged records into the state table: every acknowledged key's row leaves the table, then
-- the latest acknowledgement of each key that is not a removal comes back with its hash and, from the
-- plan, the payload (so a later removal can carry it) and the source hash (so the next plan can skip
-- the row while its source values stay). Both run in one transaction (Warehouse.executeAll).
-- Not a MERGE: an UPDATE makes DuckDB rewrite every row group it touches (1% of the keys, spread over
-- the table, touch them all), while a DELETE only marks rows and an INSERT appends (docs/performance.md).
-- Re-running it is harmless, so a crash between this and the journal's clean-up only repeats it.
-- Variables: state, plan, acks (tables).
DELETE FROM {{ d.ident(state) }} WHERE record_key IN (SELECT record_key FROM {{ d.ident(acks) }})
;
INSERT INTO {{ d.ident(state) }} (record_key, payload_hash, payload, synced_at, source_hash)
SELECT a.record_key, a.payload_hash, p.payload, {{ d.currentTimestamp() }}, p.source_hash
FROM (
    SELECT record_key, op, payload_hash,
           ROW_NUMBER() OVER (PARTITION BY record_key ORDER BY seq DESC) AS rn
    FROM {{ d.ident(acks) }}
) a
LEFT JOIN (SELECT record_key, payload_hash, MAX(payload) AS payload, MAX(source_hash) AS source_hash
           FROM {{ d.ident(plan) }} GROUP BY record_key, payload_hash) p
       ON p.record_key = a.record_key AND p.payload_hash = a.payload_hash
WHERE a.rn = 1 AND a.op <> 'remove'
