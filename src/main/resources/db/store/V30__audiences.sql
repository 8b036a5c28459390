-- Audiences made through the REST API (audiences from git live in audiences/*.json, not here).
CREATE TABLE weft_audiences (
    id          VARCHAR(100)  PRIMARY KEY,
    name        VARCHAR(200)  NOT NULL,
    version     INT           NOT NULL,
    definition  TEXT          NOT NULL,
    created_at  TIMESTAMP     NOT NULL,
    created_by  VARCHAR(200)  NOT NULL,
    updated_at  TIMESTAMP     NOT NULL,
    updated_by  VARCHAR(200)  NOT NULL
);

-- Every version of every audience: an update never overwrites, it adds a version with who and when.
CREATE TABLE weft_audience_versions (
    audience_id VARCHAR(100)  NOT NULL,
    version     INT           NOT NULL,
    definition  TEXT          NOT NULL,
    created_at  TIMESTAMP     NOT NULL,
    created_by  VARCHAR(200)  NOT NULL,
    PRIMARY KEY (audience_id, version)
);

-- Size history: one row per audience per materialization run.
CREATE TABLE weft_audience_runs (
    run_id      VARCHAR(36)   NOT NULL,
    audience_id VARCHAR(100)  NOT NULL,
    version     INT,
    size        BIGINT        NOT NULL,
    entered     BIGINT        NOT NULL,
    exited      BIGINT        NOT NULL,
    computed_at TIMESTAMP     NOT NULL,
    PRIMARY KEY (run_id, audience_id)
);
CREATE INDEX weft_audience_runs_audience ON weft_audience_runs (audience_id, computed_at);
