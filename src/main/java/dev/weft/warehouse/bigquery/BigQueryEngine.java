package dev.weft.warehouse.bigquery;

import dev.weft.Workspace;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseConfig;
import dev.weft.warehouse.WarehouseEngine;

import java.util.List;

/** {@code type: bigquery}: BigQuery through the google-cloud-bigquery client. */
public final class BigQueryEngine implements WarehouseEngine {

    @Override
    public List<RequiredKey> requiredKeys() {
        return List.of(new RequiredKey("project", WarehouseConfig::project, ""),
                new RequiredKey("dataset", WarehouseConfig::dataset, "the default dataset for unqualified table names"));
    }

    @Override
    public Dialect dialect() {
        return new BigQueryDialect();
    }

    @Override
    public Warehouse open(WarehouseConfig config, Workspace workspace) {
        return new BigQueryWarehouse(config);
    }

    /** BigQuery's schemas are datasets: unqualified names resolve in the configured {@code dataset}. */
    @Override
    public WarehouseConfig inSchema(WarehouseConfig config, String schema) {
        return config.withDataset(schema);
    }
}
