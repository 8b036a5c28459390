package dev.weft.identity;

import dev.weft.testing.TestDuckDb;
import dev.weft.warehouse.Warehouse;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class DuckDbIdentityPhoneTest extends IdentityPhoneContract {

    @TempDir
    Path dir;

    @Override
    protected Warehouse openEmptyWarehouse() {
        return TestDuckDb.open(dir);
    }
}
