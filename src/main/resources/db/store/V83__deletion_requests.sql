-- Deletion requests (weft identity forget, POST /v1/profiles/{type}/{value}/forget): who asked, when, and
-- what the request did. The identifier is kept only as its type and the SHA-256 of its normalized value: the
-- warehouse's tombstone (weft_id_deletions) holds the value, which the identity run must match.
-- status: pending (no identity run since) | applied (a run took it out of the graph) | lifted.
-- held_key is type:sha256 while the request is held and null once lifted: one held request per identifier.
CREATE TABLE weft_deletion_requests (
    id                  VARCHAR(36)  PRIMARY KEY,
    id_type             VARCHAR(100) NOT NULL,
    value_sha256        VARCHAR(64)  NOT NULL,
    held_key            VARCHAR(170),
    status              VARCHAR(20)  NOT NULL,
    requested_by        VARCHAR(300) NOT NULL,
    requested_at        TIMESTAMP    NOT NULL,
    -- the identity run that applied it, and its outcome: identifiers taken out of a profile, profiles they left
    applied_run         VARCHAR(100),
    applied_at          TIMESTAMP,
    identifiers_removed BIGINT,
    profiles_affected   BIGINT,
    lifted_by           VARCHAR(300),
    lifted_at           TIMESTAMP,
    CONSTRAINT weft_deletion_requests_one_held UNIQUE (held_key)
);
CREATE INDEX weft_deletion_requests_identifier ON weft_deletion_requests (id_type, value_sha256, requested_at);
