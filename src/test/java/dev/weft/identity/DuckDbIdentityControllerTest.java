package dev.weft.identity;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;

import java.nio.file.Path;
import java.util.Map;

@MicronautTest
class DuckDbIdentityControllerTest extends IdentityControllerContract {

    @Override
    protected Map<String, String> warehouseProperties(Path workspace) {
        return Map.of();
    }

    @Override
    protected String createSlowView(String view, String table) {
        return "CREATE VIEW " + view + " AS SELECT t.* FROM " + table + " t"
                + " CROSS JOIN (SELECT count(*) AS n FROM range(1000000) a, range(1000000) b WHERE a.range + b.range < 0) h";
    }
}
