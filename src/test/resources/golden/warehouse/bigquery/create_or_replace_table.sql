CREATE OR REPLACE TABLE people (id INT64, n INT64, email STRING, score FLOAT64, active BOOL, seen_at TIMESTAMP, born DATE, properties JSON, `select` STRING, `Mixed Case` STRING)
