-- Sessions of the web app (/app, docs/web.md): signed in with an API token, kept in an HttpOnly cookie.
-- Only a SHA-256 of the session id is kept, so a leaked store holds no usable session; the token is named,
-- never kept, and is checked again on every request so a revoked or expired token ends its sessions.
-- Portable SQL: runs on H2 (PostgreSQL mode) and PostgreSQL.
CREATE TABLE weft_web_sessions (
    id_hash    VARCHAR(64)  PRIMARY KEY,
    token_name VARCHAR(200) NOT NULL,
    csrf       VARCHAR(64)  NOT NULL,
    created_at TIMESTAMP    NOT NULL,
    expires_at TIMESTAMP    NOT NULL
);
CREATE INDEX weft_web_sessions_expires ON weft_web_sessions (expires_at);
