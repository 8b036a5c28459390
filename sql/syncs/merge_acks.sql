-- Folds acknowledged records into the state table in one MERGE: adds and changes take the hash (and
-- the payload, from the plan, so a later removal can carry it); removals leave the table. When a key
-- was acknowledged twice the latest acknowledgement wins. Re-running it is harmless, so a crash between
-- this MERGE and the journal's clean-up only repeats it.
-- Variables: state, plan, acks (tables).
MERGE INTO {{ d.ident(state) }} AS t
USING (
    SELECT a.record_key, a.op, a.payload_hash, p.payload
    FROM (
        SELECT record_key, op, payload_hash,
               ROW_NUMBER() OVER (PARTITION BY record_key ORDER BY seq DESC) AS rn
        FROM {{ d.ident(acks) }}
    ) a
    LEFT JOIN (SELECT DISTINCT record_key, payload_hash, payload FROM {{ d.ident(plan) }}) p
           ON p.record_key = a.record_key AND p.payload_hash = a.payload_hash
    WHERE a.rn = 1
) AS s
ON t.record_key = s.record_key
WHEN MATCHED AND s.op = 'remove' THEN DELETE
WHEN MATCHED THEN UPDATE SET payload_hash = s.payload_hash, payload = s.payload, synced_at = {{ d.currentTimestamp() }}
WHEN NOT MATCHED AND s.op <> 'remove' THEN INSERT (record_key, payload_hash, payload, synced_at)
    VALUES (s.record_key, s.payload_hash, s.payload, {{ d.currentTimestamp() }})
