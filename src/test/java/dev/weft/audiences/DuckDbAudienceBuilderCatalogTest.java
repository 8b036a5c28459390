package dev.weft.audiences;

import java.util.Map;

/** The builders' catalog over the demo's data in the embedded DuckDB. */
class DuckDbAudienceBuilderCatalogTest extends AudienceBuilderCatalogContract {

    @Override
    protected Map<String, Object> warehouseProperties() {
        return Map.of();
    }
}
