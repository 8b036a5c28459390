package dev.weft.syncs;

import dev.weft.testing.TestDuckDb;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class DuckDbConsentSyncTest extends ConsentSyncContract {

    @TempDir
    Path dir;

    @Override
    protected SyncHarness harness() {
        return new SyncHarness(dir, TestDuckDb.config("local", dir), null);
    }

    @Override
    protected Path dir() {
        return dir;
    }
}
