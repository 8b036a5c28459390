package dev.weft.audiences;

import dev.weft.testing.TestDuckDb;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

import java.nio.file.Path;
import java.util.Map;

@MicronautTest
class DuckDbAudienceSafetyTest extends AudienceSafetyContract {

    @Override
    protected Map<String, String> warehouseProperties(Path workspace) {
        TestDuckDb.init(workspace, "wh.duckdb");
        return Map.of("weft.warehouses.local.path", workspace.resolve("wh.duckdb").toString(),
                "weft.warehouses.local.memory-limit", "1GB");
    }
}
