-- Which warehouse table holds each sync's state (what its destination acknowledged), and for which
-- target: a fingerprint of the destination type, the connection's id and the destination options.
-- A sync whose target changed starts from an empty table; the previous one is dropped. The epoch
-- goes into every record's idempotency key and changes after each run in which every batch was
-- answered, so a re-send after a crash repeats its key and a later identical change does not.
CREATE TABLE weft_sync_states (
    sync_id      VARCHAR(63)  PRIMARY KEY,
    target       VARCHAR(64)  NOT NULL,
    state_table  VARCHAR(63)  NOT NULL,
    epoch        VARCHAR(36)  NOT NULL,
    updated_at   TIMESTAMP    NOT NULL
);

-- The state table each acknowledgement belongs to; NULL for those journaled before this version,
-- which belong to the sync's state table whatever it is named now.
ALTER TABLE weft_sync_acks ADD COLUMN state_table VARCHAR(63);
