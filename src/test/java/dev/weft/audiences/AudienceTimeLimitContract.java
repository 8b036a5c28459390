package dev.weft.audiences;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.store.Store;
import dev.weft.testing.TestTokens;
import dev.weft.warehouse.Warehouses;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Previews and overlaps under {@code weft.interactive-timeout} (1 s here) on a real engine, whose traits
 * model is a view that never finishes: the request answers 503 soon after the limit, and the connection
 * it held serves the next one. One subclass per engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AudienceTimeLimitContract implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    Store store;
    @Inject
    Warehouses warehouses;

    String token;

    /** The warehouse {@code local} on this engine, as properties. */
    protected abstract Map<String, String> warehouseProperties(Path workspace);

    /** A view {@code slow_traits}: every column of profile_traits, and a query that runs for minutes. */
    protected abstract String createSlowTraitsView();

    @Override
    public Map<String, String> getProperties() {
        Path workspace;
        try {
            workspace = Files.createTempDirectory("weft-aud-limit");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> properties = new HashMap<>(warehouseProperties(workspace));
        properties.put("weft.workspace", workspace.toString());
        properties.put("weft.audiences.traits-model", "slow_traits");
        properties.put("weft.interactive-timeout", "1s");
        properties.put("micronaut.server.port", "-1");
        return properties;
    }

    @BeforeAll
    void load() {
        new AudienceTestData(50, 3).load(warehouses.primary());
        warehouses.primary().execute(createSlowTraitsView());
        token = TestTokens.create(store, "marketer", "audiences:read", "audiences:write");
    }

    record Answer(int status, JsonNode body, long millis) {
    }

    Answer post(String path, String body) {
        MutableHttpRequest<String> request = HttpRequest.POST(path, body).contentType(MediaType.APPLICATION_JSON_TYPE).bearerAuth(token);
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = client.toBlocking().exchange(request, String.class);
            return new Answer(r.getStatus().getCode(), AudienceSafetyContract.parse(r.body()), (System.nanoTime() - start) / 1_000_000);
        } catch (HttpClientResponseException e) {
            return new Answer(e.getStatus().getCode(), AudienceSafetyContract.parse(e.getResponse().getBody(String.class).orElse("")),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    @Test
    void anExpensivePreviewOrOverlapAnswers503SoonAndFreesItsConnection() {
        String definition = AudienceSafetyContract.def("vips", AudienceSqlContract.trait("vip", "equals", "true"));
        // More previews than the pool has connections: each stopped one gives its connection back.
        for (int i = 0; i < 7; i++) {
            Answer preview = post("/v1/audiences/preview", "{\"definition\":" + definition + "}");
            assertThat(preview.status()).as(preview.body().toString()).isEqualTo(503);
            assertThat(preview.body().path("error").path("code").asText()).isEqualTo("query_timeout");
            assertThat(preview.body().path("error").path("message").asText())
                    .contains("1 s limit", "too expensive", "materialize").doesNotContainIgnoringCase("select");
            assertThat(preview.millis()).as("stopped soon after the limit").isLessThan(8_000);
        }
        String a = post("/v1/audiences", definition).body().get("id").asText();
        String b = post("/v1/audiences", AudienceSafetyContract.def("germans", AudienceSqlContract.trait("country", "equals", "\"DE\"")))
                .body().get("id").asText();
        Answer overlap = post("/v1/audiences/overlap", "{\"audiences\":[\"" + a + "\",\"" + b + "\"]}");
        assertThat(overlap.status()).as(overlap.body().toString()).isEqualTo(503);
        assertThat(overlap.body().path("error").path("message").asText()).contains("overlap", "too expensive");
        assertThat(warehouses.primary().queryLong("SELECT count(*) FROM profile_traits")).isPresent();
    }
}
