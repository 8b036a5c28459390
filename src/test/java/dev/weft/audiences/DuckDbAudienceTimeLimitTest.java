package dev.weft.audiences;

import dev.weft.testing.TestDuckDb;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

import java.nio.file.Path;
import java.util.Map;

@MicronautTest
class DuckDbAudienceTimeLimitTest extends AudienceTimeLimitContract {

    @Override
    protected Map<String, String> warehouseProperties(Path workspace) {
        TestDuckDb.init(workspace, "wh.duckdb");
        return Map.of("weft.warehouses.local.path", workspace.resolve("wh.duckdb").toString(),
                "weft.warehouses.local.memory-limit", "1GB");
    }

    @Override
    protected String createSlowTraitsView() {
        return "CREATE VIEW slow_traits AS SELECT t.* FROM profile_traits t"
                + " CROSS JOIN (SELECT count(*) AS n FROM range(1000000) a, range(1000000) b WHERE a.range + b.range < 0) h";
    }
}
