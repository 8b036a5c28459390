package dev.weft.syncs;

import dev.weft.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;

/** The scheduler's leases and schedules on a Postgres store and warehouse (a schema per test). */
class PostgresSyncSchedulerTest extends SyncSchedulerContract {

    private String schema;

    @Override
    protected String postgresSchema() {
        if (schema == null) {
            schema = TestPostgres.freshSchema("synclease");
        }
        return schema;
    }

    @AfterEach
    void dropSchema() {
        TestPostgres.dropSchema(schema);
    }
}
