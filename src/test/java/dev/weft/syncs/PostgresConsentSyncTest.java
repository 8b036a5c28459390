package dev.weft.syncs;

import dev.weft.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Consent and suppression on a Postgres warehouse, with the store on Postgres too (a schema per test). */
class PostgresConsentSyncTest extends ConsentSyncContract {

    @TempDir
    Path dir;
    private String schema;

    @Override
    protected SyncHarness harness() {
        schema = TestPostgres.freshSchema("consent");
        String url = TestPostgres.url();
        String storeUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new SyncHarness(dir, TestPostgres.warehouseConfig("local", schema), storeUrl);
    }

    @Override
    protected Path dir() {
        return dir;
    }

    @AfterEach
    void drop() {
        TestPostgres.dropSchema(schema);
    }
}
