-- How each audience's latest materialization ended, git audiences included: ok with its size, or failed
-- with why. Every audience of a run is tried on its own, so one failing shows here beside the others.
CREATE TABLE weft_audience_last_runs (
    audience_id VARCHAR(100)  PRIMARY KEY,
    run_id      VARCHAR(36)   NOT NULL,
    status      VARCHAR(10)   NOT NULL,
    size        BIGINT,
    error       TEXT,
    finished_at TIMESTAMP     NOT NULL
);
