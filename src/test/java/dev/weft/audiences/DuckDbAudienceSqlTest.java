package dev.weft.audiences;

import dev.weft.testing.TestDuckDb;
import dev.weft.warehouse.Warehouse;

import java.nio.file.Files;
import java.nio.file.Path;

class DuckDbAudienceSqlTest extends AudienceSqlContract {

    @Override
    protected Warehouse openWarehouse() throws Exception {
        Path dir = Files.createTempDirectory("weft-aud-duck");
        dir.toFile().deleteOnExit();
        return TestDuckDb.open(dir);
    }
}
