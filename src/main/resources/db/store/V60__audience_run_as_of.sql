-- Where each run's relative windows ("the last 7 days") ended: the clock's now, a given instant, or the
-- events model's latest event. Null for runs recorded before it was kept.
ALTER TABLE weft_audience_runs ADD COLUMN as_of TIMESTAMP;
