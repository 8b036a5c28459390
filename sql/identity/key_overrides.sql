{#- Rebuilds {{ t.key_overrides }} from the dictionary: every identifier whose key is not {{ key }} (the hash
    of its type and value as this engine computes it now). Runs when {{ t.key_scheme }} does not hold this
    engine's hash of the probe: in a dictionary from before keys were hashes (every key is listed, and the
    rows' keys are looked up as they were then), or after the engine's hash function changed. -#}
DELETE FROM {{ t.key_overrides }} WHERE 1 = 1
;
INSERT INTO {{ t.key_overrides }} (id_type, id_value, node_id)
SELECT id_type, id_value, node_id FROM {{ t.nodes }} WHERE node_id <> {{ key }}
;
DELETE FROM {{ t.key_scheme }} WHERE 1 = 1
;
INSERT INTO {{ t.key_scheme }} (probe_key) SELECT {{ probe }}
