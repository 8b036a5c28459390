{#- weft identity forget: a deletion request, which the next run quarantines (quarantine.sql). -#}
INSERT INTO {{ t.deletions }} (id_type, id_value, requested_at) VALUES (?, ?, ?)
