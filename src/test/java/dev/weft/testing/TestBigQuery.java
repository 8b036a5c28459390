package dev.weft.testing;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.DatasetInfo;
import dev.weft.warehouse.WarehouseConfig;
import org.junit.jupiter.api.Assumptions;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A real BigQuery for integration tests, from the environment: {@code GOOGLE_APPLICATION_CREDENTIALS}
 * (a service-account key file) and {@code WEFT_BIGQUERY_PROJECT}; optionally {@code WEFT_BIGQUERY_DATASET}
 * (prefix of the test datasets, default {@code weft_test}) and {@code WEFT_BIGQUERY_LOCATION}. Without
 * them the calling test is skipped, naming the variables that are missing. Each caller gets its own
 * dataset, deleted with its tables afterwards.
 */
public final class TestBigQuery {

    private TestBigQuery() {
    }

    /** Creates a fresh dataset and returns a config pointing at it, or skips the test saying what is missing. */
    public static WarehouseConfig freshDataset(String name, String prefix) {
        List<String> missing = new ArrayList<>();
        for (String v : List.of("GOOGLE_APPLICATION_CREDENTIALS", "WEFT_BIGQUERY_PROJECT")) {
            if (env(v) == null) {
                missing.add(v);
            }
        }
        Assumptions.assumeTrue(missing.isEmpty(), () -> "skipped: BigQuery integration tests need " + String.join(", ", missing));
        String base = env("WEFT_BIGQUERY_DATASET") == null ? "weft_test" : env("WEFT_BIGQUERY_DATASET");
        String dataset = base + "_" + prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        WarehouseConfig config = new WarehouseConfig(name, "bigquery", null, null, null, null, null, null, null, null,
                null, null, null, env("WEFT_BIGQUERY_PROJECT"), dataset, env("WEFT_BIGQUERY_LOCATION"), null, null);
        DatasetInfo.Builder info = DatasetInfo.newBuilder(DatasetId.of(config.project(), dataset));
        if (config.location() != null) {
            info.setLocation(config.location());
        }
        client(config).create(info.build());
        return config;
    }

    public static void dropDataset(WarehouseConfig config) {
        if (config != null) {
            client(config).delete(DatasetId.of(config.project(), config.dataset()), BigQuery.DatasetDeleteOption.deleteContents());
        }
    }

    private static BigQuery client(WarehouseConfig config) {
        return BigQueryOptions.newBuilder().setProjectId(config.project()).build().getService();
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? null : v;
    }
}
