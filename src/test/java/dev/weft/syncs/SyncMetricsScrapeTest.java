package dev.weft.syncs;

import dev.weft.destinations.webhook.FakeWebhookReceiver;
import dev.weft.testing.TestDuckDb;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.Warehouses;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sync run through the whole application, then a Prometheus scrape of the management port: the run,
 * its rows, the vendor's 429s and the retries they caused are there with the run's numbers; the metrics
 * are not served on the API's port.
 */
class SyncMetricsScrapeTest {

    private static final String SECRET = "metrics-secret";
    private static final int ROWS = 30;
    private static final int ATTEMPTS = 3;

    @TempDir
    Path workspace;

    @Test
    void aScrapeAfterARunShowsItsRunRowsRateLimitsAndRetries() throws Exception {
        TestDuckDb.init(workspace, null);
        Files.createDirectories(workspace.resolve("syncs"));
        Files.writeString(workspace.resolve("syncs/people_hook.yml"), """
                source: {model: people}
                destination: {type: webhook, connection: hook}
                key: id
                mapping: [{from: email, to: email}]
                """);
        FailingBatchDispatcher vendor = new FailingBatchDispatcher(new FakeWebhookReceiver(SECRET));
        // The batch holding k7 is rate limited on every attempt: 3 429s, 2 retries, its 10 rows failed.
        vendor.failBatchesHolding(Set.of("k7"), new MockResponse().setResponseCode(429).setHeader("Retry-After", "0"));
        Map<String, Object> config = Map.of("weft.workspace", workspace.toString(), "weft.master-key", SyncHarness.MASTER_KEY,
                "weft.syncs.max-attempts", ATTEMPTS, "weft.syncs.backoff-base", "10ms", "weft.syncs.backoff-cap", "50ms");
        try (MockWebServer server = new MockWebServer();
             ApplicationContext context = ApplicationContext.run(config, "test")) {
            server.setDispatcher(vendor);
            server.start();
            EmbeddedServer api = context.getBean(EmbeddedServer.class).start();
            Warehouse wh = context.getBean(Warehouses.class).primary();
            wh.createTable("people", List.of(Column.of("id", ColumnType.VARCHAR), Column.of("email", ColumnType.VARCHAR)), true);
            for (int i = 1; i <= ROWS; i++) {
                wh.execute("INSERT INTO people VALUES (?, ?)", "k" + i, "user" + i + "@example.com");
            }
            context.getBean(Connections.class).create("hook", "webhook", Map.of("url", server.url("/in").toString(),
                    "max-batch-size", "10", "requests-per-second", "500"), Map.of("signing-secret", SECRET));

            SyncExecutor.RunResult run = context.getBean(SyncExecutor.class).run("people_hook", "manual");
            assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(SyncRuns.Status.PARTIAL);

            int managementPort = context.getProperty("endpoints.all.port", Integer.class).orElseThrow();
            assertThat(managementPort).isNotEqualTo(api.getPort());
            HttpResponse<String> scrape = get(managementPort, "/prometheus");
            assertThat(scrape.statusCode()).isEqualTo(200);
            String sync = "{destination_type=\"webhook\",sync=\"people_hook\"}";
            assertThat(scrape.body().lines()).contains(
                    "weft_sync_runs_total{destination_type=\"webhook\",status=\"partial\",sync=\"people_hook\"} 1.0",
                    "weft_sync_run_duration_seconds_count{destination_type=\"webhook\",status=\"partial\",sync=\"people_hook\"} 1",
                    "weft_sync_rows_planned_total" + sync + " 30.0",
                    "weft_sync_rows_sent_total" + sync + " 30.0",
                    "weft_sync_rows_succeeded_total" + sync + " 20.0",
                    "weft_sync_rows_failed_total" + sync + " 10.0",
                    "weft_destination_rate_limited_total" + sync + " 3.0",
                    "weft_destination_retries_total" + sync + " 2.0",
                    "weft_ack_journal_backlog 0.0");
            assertThat(get(api.getPort(), "/prometheus").statusCode()).as("metrics stay off the API's port").isEqualTo(404);
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
