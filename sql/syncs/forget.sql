-- Deletion requests reaching a mirror sync (docs/identity.md, "Deletion requests"). An identifier forgotten
-- leaves its profile in an identity run, which records the profile and when in weft_id_forgotten. A member of
-- that profile whose record was sent before then is held back from the source for one run, so the plan removes
-- the record with the payload last sent (the identifiers the destination knows it by), even where the profile
-- keeps its ID through its other identifiers; the run after adds it again if it still qualifies, without them.
-- Variables: state (the sync's state table), key (the record key over the members m and traits t).
-- name: held_back
NOT EXISTS (SELECT 1 FROM weft_id_forgotten f JOIN {{ d.ident(state) }} st ON st.record_key = {{ key }}
            WHERE f.profile_id = m.profile_id AND st.synced_at < f.forgotten_at)
