-- What consent and suppression withheld from each run's plan: a JSON object of reason (revoked, no_consent,
-- suppressed:<list>) to records. Null for runs recorded before it was kept; {} when nothing was withheld.
ALTER TABLE weft_sync_runs ADD COLUMN planned_withheld TEXT;
