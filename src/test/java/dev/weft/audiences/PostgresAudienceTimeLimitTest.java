package dev.weft.audiences;

import dev.weft.testing.TestPostgres;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.AfterAll;

import java.nio.file.Path;
import java.util.Map;

@MicronautTest
class PostgresAudienceTimeLimitTest extends AudienceTimeLimitContract {

    private String schema;

    @Override
    protected Map<String, String> warehouseProperties(Path workspace) {
        schema = TestPostgres.freshSchema("aud_limit");
        return Map.of("weft.warehouses.local.type", "postgres", "weft.warehouses.local.url", TestPostgres.url(),
                "weft.warehouses.local.schema", schema, "weft.warehouses.local.max-connections", "6");
    }

    @Override
    protected String createSlowTraitsView() {
        // Sleeping, not computing: without the limit it holds a connection but burns no CPU on a shared server.
        return "CREATE VIEW slow_traits AS SELECT t.* FROM profile_traits t CROSS JOIN (SELECT 1 AS x FROM pg_sleep(600)) h";
    }

    @AfterAll
    void dropSchema() {
        TestPostgres.dropSchema(schema);
    }
}
