-- Leases with a heartbeat: the replica holding a sync's lease renews it (running_until, heartbeat_at)
-- every third of the lease while its run is in progress, and names its host, process and pid
-- namespace, so a process on the same host sees at once that the holder died. Runs record the
-- replica, host and process that ran them; a run whose owner died is closed as 'abandoned'.
-- Portable SQL: runs on H2 (PostgreSQL mode) and PostgreSQL.
ALTER TABLE weft_sync_schedules ADD COLUMN running_host VARCHAR(255);
ALTER TABLE weft_sync_schedules ADD COLUMN running_pid BIGINT;
ALTER TABLE weft_sync_schedules ADD COLUMN running_pid_ns VARCHAR(100);
ALTER TABLE weft_sync_schedules ADD COLUMN heartbeat_at TIMESTAMP;

ALTER TABLE weft_sync_runs ADD COLUMN owner_replica VARCHAR(100);
ALTER TABLE weft_sync_runs ADD COLUMN owner_host VARCHAR(255);
ALTER TABLE weft_sync_runs ADD COLUMN owner_pid BIGINT;
