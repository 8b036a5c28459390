SELECT COUNT(*), MIN(e.first_seen)
FROM weft_id_edges e
LEFT JOIN (SELECT CAST(event_id AS VARCHAR) AS row_key FROM raw_events) s ON s.row_key = e.row_key
WHERE e.source_name = ? AND e.row_key IS NOT NULL AND s.row_key IS NULL
