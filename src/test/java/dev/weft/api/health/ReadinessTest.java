package dev.weft.api.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.testing.NetworkAddresses;
import dev.weft.testing.TestPostgres;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness on the management port checks the store and the warehouse: a PostgreSQL warehouse that
 * answers passes; one whose port is closed answers 503 naming the warehouse check, while liveness and
 * the API's own {@code /health} stay up.
 */
class ReadinessTest {

    @TempDir
    Path workspace;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void readinessPassesWhenTheWarehouseAnswers() throws Exception {
        String schema = TestPostgres.freshSchema("ready");
        try (Serving s = serve(TestPostgres.url(), schema)) {
            HttpResponse<String> ready = get(s.managementPort, "/health/readiness");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            JsonNode body = json.readTree(ready.body());
            assertThat(body.path("status").asText()).isEqualTo("UP");
            assertThat(body.at("/details/warehouse/status").asText()).isEqualTo("UP");
            assertThat(body.at("/details/warehouse/details/type").asText()).isEqualTo("postgres");
            assertThat(body.at("/details/store/status").asText()).isEqualTo("UP");
        } finally {
            TestPostgres.dropSchema(schema);
        }
    }

    @Test
    void readinessFailsWith503NamingTheWarehouseWhenItsPortIsClosed() throws Exception {
        int closed = NetworkAddresses.freePort();
        String url = "jdbc:postgresql://127.0.0.1:" + closed + "/weft?user=weft&password=planted-secret";
        try (Serving s = serve(url, "public")) {
            HttpResponse<String> ready = get(s.managementPort, "/health/readiness");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
            JsonNode body = json.readTree(ready.body());
            assertThat(body.path("status").asText()).isEqualTo("DOWN");
            assertThat(body.at("/details/warehouse/status").asText()).isEqualTo("DOWN");
            assertThat(body.at("/details/warehouse/details/error").asText()).contains("error id");
            assertThat(body.at("/details/store/status").asText()).isEqualTo("UP");
            assertThat(ready.body()).doesNotContain("planted-secret");

            assertThat(get(s.managementPort, "/health/liveness").statusCode()).isEqualTo(200);
            assertThat(get(s.api.getPort(), "/health").statusCode()).as("the API's liveness needs no warehouse").isEqualTo(200);
        }
    }

    private record Serving(ApplicationContext context, EmbeddedServer api, int managementPort) implements AutoCloseable {
        @Override
        public void close() {
            context.close();
        }
    }

    private Serving serve(String warehouseUrl, String schema) {
        Map<String, Object> config = new HashMap<>();
        config.put("weft.workspace", workspace.toString());
        config.put("weft.warehouse", "pg");
        config.put("weft.warehouses.pg.type", "postgres");
        config.put("weft.warehouses.pg.url", warehouseUrl);
        config.put("weft.warehouses.pg.schema", schema);
        config.put("weft.health.timeout", "3s");
        ApplicationContext context = ApplicationContext.run(config, "test");
        EmbeddedServer api = context.getBean(EmbeddedServer.class).start();
        return new Serving(context, api, context.getProperty("endpoints.all.port", Integer.class).orElseThrow());
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
