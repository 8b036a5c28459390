-- The store's first tables. Portable SQL: runs on H2 (PostgreSQL mode) and PostgreSQL.

-- Bearer tokens for the REST API: only a SHA-256 of the token is kept, never the token itself.
CREATE TABLE weft_api_tokens (
    id           VARCHAR(36)  PRIMARY KEY,
    name         VARCHAR(200) NOT NULL UNIQUE,
    token_hash   VARCHAR(64)  NOT NULL UNIQUE,
    scopes       VARCHAR(2000) NOT NULL,
    created_at   TIMESTAMP    NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP
);

-- Secrets of destination connections and warehouses, sealed with AES-GCM under WEFT_MASTER_KEY.
CREATE TABLE weft_credentials (
    id          VARCHAR(36)  PRIMARY KEY,
    name        VARCHAR(200) NOT NULL UNIQUE,
    kind        VARCHAR(100) NOT NULL,
    ciphertext  TEXT         NOT NULL,
    key_check   VARCHAR(64)  NOT NULL,
    created_at  TIMESTAMP    NOT NULL,
    updated_at  TIMESTAMP    NOT NULL
);

-- One row per piece of work Weft did (seed, models run, identity run, audience run, sync run).
CREATE TABLE weft_runs (
    id           VARCHAR(36)  PRIMARY KEY,
    kind         VARCHAR(50)  NOT NULL,
    subject      VARCHAR(200),
    status       VARCHAR(20)  NOT NULL,
    started_at   TIMESTAMP    NOT NULL,
    finished_at  TIMESTAMP,
    details      TEXT,
    error        TEXT
);
CREATE INDEX weft_runs_kind_started ON weft_runs (kind, started_at);
