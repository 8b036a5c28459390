-- A work table for one flush of the ack journal (unique name per flush, so flushes never collide).
-- Variables: acks, state, plan.
CREATE TABLE IF NOT EXISTS {{ d.ident(state) }} (record_key {{ varchar }}, payload_hash BIGINT, payload {{ varchar }}, synced_at TIMESTAMP, source_hash BIGINT)
;
CREATE TABLE IF NOT EXISTS {{ d.ident(plan) }} (record_key {{ varchar }}, op {{ varchar }}, payload_hash BIGINT, payload {{ varchar }}, source_hash BIGINT)
;
{{ d.dropTableIfExists(acks) }}
;
CREATE TABLE {{ d.ident(acks) }} (record_key {{ varchar }}, op {{ varchar }}, payload_hash BIGINT, seq BIGINT)
