package dev.weft.syncs;

import dev.weft.testing.TestDuckDb;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class DuckDbSyncPhoneTest extends SyncPhoneContract {

    @TempDir
    Path dir;

    @Override
    protected SyncHarness harness() {
        return new SyncHarness(dir, TestDuckDb.config("local", dir), null);
    }
}
