-- Priority lists made through the REST API (those from git live in audiences/priority-lists/*.json, not here).
-- audiences is the ordered list of audience IDs, highest priority first, as a JSON array.
CREATE TABLE weft_priority_lists (
    id          VARCHAR(100)  PRIMARY KEY,
    name        VARCHAR(200)  NOT NULL,
    audiences   TEXT          NOT NULL,
    created_at  TIMESTAMP     NOT NULL,
    created_by  VARCHAR(200)  NOT NULL,
    updated_at  TIMESTAMP     NOT NULL,
    updated_by  VARCHAR(200)  NOT NULL
);
