-- Models runs. Each run also has its row in weft_runs (kind 'models' or 'models.test'); this table
-- adds what was run and from which commit, so any table in the warehouse can be traced to its SQL.
CREATE TABLE weft_model_runs (
    run_id      VARCHAR(36)   PRIMARY KEY REFERENCES weft_runs (id),
    warehouse   VARCHAR(200)  NOT NULL,
    selection   VARCHAR(2000) NOT NULL,
    commit_sha  VARCHAR(40),
    dirty       BOOLEAN,
    git_url     VARCHAR(2000),
    git_ref     VARCHAR(200)
);

-- One row per model built (kind 'model') or schema test run (kind 'test') in a run.
-- status: success | error | skipped (model), pass | fail | error (test).
-- rows_affected: rows written (tables: rows in the table; incremental: rows merged); tests: failing rows.
CREATE TABLE weft_model_results (
    run_id        VARCHAR(36)  NOT NULL REFERENCES weft_runs (id),
    name          VARCHAR(500) NOT NULL,
    kind          VARCHAR(10)  NOT NULL,
    model         VARCHAR(200) NOT NULL,
    materialized  VARCHAR(20),
    status        VARCHAR(20)  NOT NULL,
    started_at    TIMESTAMP    NOT NULL,
    duration_ms   BIGINT       NOT NULL,
    rows_affected BIGINT,
    sql_hash      VARCHAR(64),
    compiled_sql  TEXT,
    error         TEXT,
    PRIMARY KEY (run_id, name)
);
CREATE INDEX weft_model_results_model ON weft_model_results (model, started_at);
