package dev.weft.syncs;

import dev.weft.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class PostgresSyncPhoneTest extends SyncPhoneContract {

    @TempDir
    Path dir;
    private String schema;

    @Override
    protected SyncHarness harness() {
        schema = TestPostgres.freshSchema("syncphone");
        String url = TestPostgres.url();
        String storeUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new SyncHarness(dir, TestPostgres.warehouseConfig("local", schema), storeUrl);
    }

    @AfterEach
    void drop() {
        TestPostgres.dropSchema(schema);
    }
}
