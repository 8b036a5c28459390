-- Rate limits shared by every replica on one store: one token bucket per destination account, keyed
-- '<destination type>/<connection id>'. Bucket4j keeps the bucket's state (its own serialized form) in
-- weft_rate_buckets and locks the row while it takes tokens; a vendor's Retry-After is kept, keyed the
-- same way, in weft_rate_pauses, so only the replica that moves a pause later adds to it.
-- Portable SQL: runs on H2 (PostgreSQL mode) and PostgreSQL.
CREATE TABLE weft_rate_buckets (
    id VARCHAR(300) PRIMARY KEY,
    state BYTEA
);

CREATE TABLE weft_rate_pauses (
    id VARCHAR(300) PRIMARY KEY,
    paused_until TIMESTAMP NOT NULL
);
