-- Source freshness (weft models source-freshness): each source table's latest check, for the pipeline and alerts.
-- source: source.table; max_loaded_at: the newest loaded_at_field value (null: none); checked_at: the warehouse's
-- time of the check (UTC), which age_seconds is measured against; status: pass | warn | error.
CREATE TABLE weft_source_freshness (
    source              VARCHAR(500) PRIMARY KEY,
    loaded_at_field     VARCHAR(500),
    max_loaded_at       TIMESTAMP,
    checked_at          TIMESTAMP    NOT NULL,
    age_seconds         BIGINT,
    status              VARCHAR(10)  NOT NULL,
    warn_after_seconds  BIGINT,
    error_after_seconds BIGINT,
    error               TEXT
);
