package dev.weft.identity;

import dev.weft.testing.TestPostgres;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.AfterAll;

import java.nio.file.Path;
import java.util.Map;

@MicronautTest
class PostgresIdentityControllerTest extends IdentityControllerContract {

    private String schema;

    @Override
    protected Map<String, String> warehouseProperties(Path workspace) {
        schema = TestPostgres.freshSchema("id_api");
        return Map.of("weft.warehouses.local.type", "postgres", "weft.warehouses.local.url", TestPostgres.url(),
                "weft.warehouses.local.schema", schema, "weft.warehouses.local.max-connections", "6");
    }

    @Override
    protected String createSlowView(String view, String table) {
        // Sleeping, not computing: without the limit it holds a connection but burns no CPU on a shared server.
        return "CREATE VIEW " + view + " AS SELECT t.* FROM " + table + " t CROSS JOIN (SELECT 1 AS x FROM pg_sleep(600)) h";
    }

    @AfterAll
    void dropSchema() {
        TestPostgres.dropSchema(schema);
    }
}
