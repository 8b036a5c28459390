package dev.weft.audiences;

import dev.weft.testing.TestPostgres;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.AfterAll;

import java.nio.file.Path;
import java.util.Map;

@MicronautTest
class PostgresAudienceSafetyTest extends AudienceSafetyContract {

    private String schema;

    @Override
    protected Map<String, String> warehouseProperties(Path workspace) {
        schema = TestPostgres.freshSchema("aud_safety");
        return Map.of("weft.warehouses.local.type", "postgres", "weft.warehouses.local.url", TestPostgres.url(),
                "weft.warehouses.local.schema", schema, "weft.warehouses.local.max-connections", "6");
    }

    @AfterAll
    void dropSchema() {
        TestPostgres.dropSchema(schema);
    }
}
