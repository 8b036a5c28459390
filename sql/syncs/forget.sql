-- Deletion requests reaching a mirror sync (docs/identity.md, "Deletion requests"). An identifier forgotten
-- leaves its profile in an identity run, which records the profile and when in weft_id_forgotten. A member of
-- that profile whose record was sent before then is held back from the source for one run, so the plan removes
-- the record with the payload last sent (the identifiers the destination knows it by), even where the profile
-- keeps its ID through its other identifiers; the run after adds it again if it still qualifies, without them.
-- Joins on keys only (no correlated subquery, which some engines run as a product of the two tables), so it
-- costs one more read of the state table, as the diff's own. The state join's condition is one equality (the key
-- only for members of a profile that lost an identifier): with a second condition on the left side only, DuckDB
-- compared every member with every state row, hours at 1M members.
-- Variables: state (the sync's state table), key (the record key over the members m and traits t).
-- name: joins
LEFT JOIN (SELECT profile_id, MAX(forgotten_at) AS forgotten_at FROM weft_id_forgotten GROUP BY profile_id) wf
    ON wf.profile_id = m.profile_id
LEFT JOIN {{ d.ident(state) }} ws ON ws.record_key = CASE WHEN wf.profile_id IS NOT NULL THEN {{ key }} END
-- name: kept
(ws.synced_at IS NULL OR ws.synced_at >= wf.forgotten_at)
-- name: state_rows
{#- Deletion requests reaching the state of an upsert, update or insert sync (docs/identity.md, "Deletion
    requests"): the records withheld as forgotten (reason bound) that the sync sent before keep their last
    payload, forgotten identifier and all, in {{ state }}. The plan ({{ plan }}) lists them as 'forget' rows,
    which no destination is sent: the run journals each as acknowledged removed, so the state drops it where
    acknowledgements fold (sql/syncs/merge_acks.sql), and once the request is lifted the record is a new one.
    Derived from the state alone: a plan after a crash lists the same rows, or none once they are folded. -#}
INSERT INTO {{ d.ident(plan) }} (record_key, op, payload_hash, payload, source_hash)
SELECT s.record_key, 'forget', s.payload_hash, NULL, NULL
FROM {{ d.ident(withheld) }} w JOIN {{ d.ident(state) }} s ON s.record_key = w.record_key
WHERE w.reason = ?
