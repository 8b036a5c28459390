-- The members an upsert or update sync sent before (a row in its state table) that consent now withholds
-- (docs/consent.md, "Consent lost"). Such a sync never removes them: with on_consent_lost it sends them one
-- update, built from the payload last sent (SyncPlanner); without, it no longer updates them. Either way
-- the plan counts them apart from the members it never sent.
-- Variables: withheld (ConsentFilter's table: record_key, reason), state (the sync's state table); the
-- consent reasons (revoked, no_consent) are bound.
-- name: counts
SELECT w.reason, COUNT(*)
FROM {{ d.ident(withheld) }} w JOIN {{ d.ident(state) }} s ON s.record_key = w.record_key
WHERE w.reason IN (?, ?)
GROUP BY w.reason
-- name: sent_before
{#- One row per member: what was last sent to it, and that payload's hash (an update sent before is the
    payload the next one would be, so its hash says it was sent). In key order, so a re-plan after a crash
    writes the same plan. -#}
SELECT s.record_key, w.reason, s.payload, s.payload_hash
FROM {{ d.ident(withheld) }} w JOIN {{ d.ident(state) }} s ON s.record_key = w.record_key
WHERE w.reason IN (?, ?)
ORDER BY s.record_key
