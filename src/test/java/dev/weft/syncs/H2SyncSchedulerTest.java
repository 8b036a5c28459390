package dev.weft.syncs;

/** The scheduler's leases and schedules on the embedded H2 store, with DuckDB as the warehouse. */
class H2SyncSchedulerTest extends SyncSchedulerContract {

    @Override
    protected String postgresSchema() {
        return null;
    }
}
