-- The pipeline (weft pipeline run). Each run also has its row in weft_runs (kind 'pipeline', subject its
-- trigger); this table keeps what happened to each asset in it.
-- outcome: built | changed (a source with new rows) | skipped | failed; reason says why.
CREATE TABLE weft_pipeline_results (
    run_id        VARCHAR(36)  NOT NULL REFERENCES weft_runs (id),
    position      INT          NOT NULL,
    asset_id      VARCHAR(500) NOT NULL,
    kind          VARCHAR(20)  NOT NULL,
    outcome       VARCHAR(20)  NOT NULL,
    reason        TEXT,
    duration_ms   BIGINT       NOT NULL,
    rows_affected BIGINT,
    PRIMARY KEY (run_id, asset_id)
);

-- Per asset, the inputs it was last built from (JSON: its definition's hash and each input's version: a
-- source's watermark, the run that last built a model, identity or audience). An asset whose inputs differ
-- now is stale. For a source, its watermark when last seen.
CREATE TABLE weft_pipeline_assets (
    asset_id  VARCHAR(500) PRIMARY KEY,
    inputs    TEXT         NOT NULL,
    built_at  TIMESTAMP    NOT NULL,
    run_id    VARCHAR(36)  NOT NULL
);
