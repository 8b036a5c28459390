-- Asynchronous vendor jobs (Google Ads Customer Match, Klaviyo bulk imports, Salesforce Bulk API):
-- a job's records are not synced until the vendor reports the job done, which may be seen by a later
-- run or another process. The job and what it covered are kept here until then.
CREATE TABLE weft_sync_jobs (
    sync_id        VARCHAR(63)  NOT NULL,
    job_id         VARCHAR(500) NOT NULL,
    run_id         VARCHAR(36)  NOT NULL,
    state          VARCHAR(20)  NOT NULL,
    records        BIGINT       NOT NULL,
    message        TEXT,
    submitted_at   TIMESTAMP    NOT NULL,
    checked_at     TIMESTAMP,
    finished_at    TIMESTAMP,
    settled_run_id VARCHAR(36),
    PRIMARY KEY (sync_id, job_id)
);
CREATE INDEX weft_sync_jobs_open ON weft_sync_jobs (sync_id, finished_at);

-- The records an open job carries, with what an acknowledgement needs; deleted when the job settles.
CREATE TABLE weft_sync_job_records (
    sync_id       VARCHAR(63)   NOT NULL,
    job_id        VARCHAR(500)  NOT NULL,
    record_key    VARCHAR(1000) NOT NULL,
    operation     VARCHAR(10)   NOT NULL,
    payload_hash  BIGINT        NOT NULL
);
CREATE INDEX weft_sync_job_records_job ON weft_sync_job_records (sync_id, job_id);

-- Records a run left waiting on asynchronous jobs (neither synced nor failed yet).
ALTER TABLE weft_sync_runs ADD COLUMN pending BIGINT NOT NULL DEFAULT 0;
