package dev.weft.syncs;

import dev.weft.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Sync state on a Postgres warehouse, with the store on Postgres too (a schema per test). */
class PostgresSyncStateTest extends SyncStateContract {

    @TempDir
    Path dir;
    private String schema;

    @Override
    protected SyncHarness harness() {
        schema = TestPostgres.freshSchema("syncstate");
        String url = TestPostgres.url();
        String storeUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new SyncHarness(dir, TestPostgres.warehouseConfig("local", schema), storeUrl);
    }

    @Override
    protected boolean cutsLongNames() {
        return true;
    }

    @AfterEach
    void drop() {
        TestPostgres.dropSchema(schema);
    }
}
