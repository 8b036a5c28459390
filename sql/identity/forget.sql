{#- Deletion requests (weft identity forget, POST /v1/profiles/{type}/{value}/forget). A request held is a
    tombstone in {{ t.deletions }}: every run quarantines the identifier (quarantine.sql), so it leaves its
    profile and rows that bring it again link nothing, until the request is lifted. -#}
-- name: request
INSERT INTO {{ t.deletions }} (id_type, id_value, requested_at) VALUES (?, ?, ?)
-- name: held
SELECT COUNT(*) FROM {{ t.deletions }} WHERE id_type = ? AND id_value = ?
-- name: lift
{#- The next run takes the identifier out of quarantine, and so back into a profile (scope.sql). -#}
DELETE FROM {{ t.deletions }} WHERE id_type = ? AND id_value = ?
-- name: lift_forgotten
DELETE FROM {{ t.forgotten }} WHERE id_type = ? AND id_value = ?
-- name: forgotten
{#- In a run, before the new membership is written: the profile each identifier under a request still belongs to,
    which it leaves now. Once quarantined it has no membership, so each is recorded by the run it left in. -#}
INSERT INTO {{ t.forgotten }} (id_type, id_value, profile_id, run_id, forgotten_at)
SELECT n.id_type, n.id_value, m.profile_id, '{{ run_id }}', {{ now }}
FROM (SELECT DISTINCT id_type, id_value FROM {{ t.deletions }}) x
JOIN {{ t.nodes }} n ON n.id_type = x.id_type AND n.id_value = x.id_value
JOIN {{ t.membership }} m ON m.node_id = n.node_id
-- name: of_run
SELECT id_type, id_value, profile_id FROM {{ t.forgotten }} WHERE run_id = ?
