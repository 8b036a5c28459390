package dev.weft.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.store.Store;
import dev.weft.testing.TestDuckDb;
import dev.weft.testing.TestTokens;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelsApiTest implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Store store;

    private final ObjectMapper json = new ObjectMapper();
    private Path workspace;

    @Override
    public Map<String, String> getProperties() {
        try {
            workspace = Files.createTempDirectory("weft-models-api");
            write("models/base.sql", "{{ config(materialized='table') }}\nselect 1 as id union all select 2");
            write("models/marts/doubled.sql", "select id * 2 as id2 from {{ ref('base') }}");
            write("models/broken.sql", "select nope from {{ ref('base') }}");
            TestDuckDb.init(workspace, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("weft.workspace", workspace.toString());
    }

    private void write(String file, String text) throws IOException {
        Path p = workspace.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    record Answer(int status, JsonNode body) {
    }

    private Answer call(MutableHttpRequest<?> request, String token) {
        if (token != null) {
            request.bearerAuth(token);
        }
        try {
            var response = client.toBlocking().exchange(request, String.class);
            return new Answer(response.getStatus().getCode(), parse(response.body()));
        } catch (HttpClientResponseException e) {
            return new Answer(e.getStatus().getCode(), parse(e.getResponse().getBody(String.class).orElse("")));
        }
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isEmpty() ? json.nullNode() : json.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    @Test
    void listsModelsAndShowsOneWithItsCompiledSql() {
        String reader = TestTokens.create(store, "models-reader", "models:read");
        Answer list = call(HttpRequest.GET("/v1/models"), reader);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().get("next").isNull()).isTrue();
        assertThat(list.body().path("items").findValuesAsText("name")).containsExactly("base", "broken", "doubled");
        Answer firstTwo = call(HttpRequest.GET("/v1/models?limit=2"), reader);
        assertThat(firstTwo.body().path("items").findValuesAsText("name")).containsExactly("base", "broken");
        assertThat(firstTwo.body().path("next").asText()).isEqualTo("broken");
        Answer rest = call(HttpRequest.GET("/v1/models?limit=2&after=broken"), reader);
        assertThat(rest.body().path("items").findValuesAsText("name")).containsExactly("doubled");
        assertThat(rest.body().get("next").isNull()).isTrue();
        assertThat(list.body().path("items").get(0).path("downstream").toString()).isEqualTo("[\"broken\",\"doubled\"]");

        Answer one = call(HttpRequest.GET("/v1/models/doubled"), reader);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().path("file").asText()).isEqualTo("models/marts/doubled.sql");
        assertThat(one.body().path("sql").asText()).contains("{{ ref('base') }}");
        assertThat(one.body().path("compiled_sql").asText()).isEqualTo("select id * 2 as id2 from base");
        assertThat(one.body().path("config").path("materialized").asText()).isEqualTo("view");
        assertThat(one.body().path("upstream").toString()).isEqualTo("[\"base\"]");

        Answer missing = call(HttpRequest.GET("/v1/models/nope"), reader);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().path("error").path("code").asText()).isEqualTo("not_found");
    }

    @Test
    void startsARunAndReportsEachModel() throws Exception {
        String writer = TestTokens.create(store, "models-writer", "models:read", "models:write");
        Answer started = call(HttpRequest.POST("/v1/models/runs", Map.of("select", java.util.List.of("base+"))), writer);
        assertThat(started.status()).isEqualTo(202);
        String id = started.body().path("id").asText();
        assertThat(started.body().path("status").asText()).isEqualTo("running");
        assertThat(started.body().path("url").asText()).isEqualTo("/v1/models/runs/" + id);

        Answer run = waitForRun(id, writer);
        assertThat(run.body().path("status").asText()).isEqualTo("failed");
        Map<String, JsonNode> results = new java.util.HashMap<>();
        run.body().path("results").forEach(r -> results.put(r.path("name").asText(), r));
        assertThat(results.keySet()).containsExactlyInAnyOrder("base", "doubled", "broken");
        assertThat(results.get("base").path("status").asText()).isEqualTo("succeeded");
        assertThat(results.get("base").path("rows_affected").asLong()).isEqualTo(2);
        assertThat(results.get("base").path("compiled_sql").asText()).contains("select 1 as id");
        assertThat(results.get("broken").path("status").asText()).isEqualTo("failed");
        assertThat(results.get("broken").path("error").asText()).containsIgnoringCase("nope");

        Answer detail = call(HttpRequest.GET("/v1/models/base"), writer);
        assertThat(detail.body().path("last_run").path("run_id").asText()).isEqualTo(id);
        assertThat(detail.body().path("last_run").path("rows_affected").asLong()).isEqualTo(2);
    }

    @Test
    void rejectsUnknownSelectorsWithTheirJsonPointerAndChecksScopes() {
        String writer = TestTokens.create(store, "models-writer", "models:write", "models:read");
        Answer bad = call(HttpRequest.POST("/v1/models/runs", Map.of("select", java.util.List.of("base", "ghost+"))), writer);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("error").path("details").get(0).path("path").asText()).isEqualTo("/select/1");

        String reader = TestTokens.create(store, "models-reader", "models:read");
        assertThat(call(HttpRequest.POST("/v1/models/runs", Map.of()), reader).status()).isEqualTo(403);
        assertThat(call(HttpRequest.GET("/v1/models"), null).status()).isEqualTo(401);
        assertThat(call(HttpRequest.GET("/v1/models/runs/no-such-run"), reader).status()).isEqualTo(404);
    }

    @Test
    void brokenModelsAre422WithEveryProblemAndWhereItIs() throws Exception {
        String writer = TestTokens.create(store, "models-writer", "models:write", "models:read");
        write("models/typo.sql", "select *\nfrom {{ ref('bsae') }}");
        write("models/braces.sql", "select 1 as id,\n  {{ ref('base') }");
        try {
            for (Answer a : List.of(call(HttpRequest.GET("/v1/models"), writer),
                    call(HttpRequest.POST("/v1/models/runs", Map.of()), writer))) {
                assertThat(a.status()).isEqualTo(422);
                assertThat(a.body().path("error").path("code").asText()).isEqualTo("invalid_models");
                assertThat(a.body().path("error").path("message").asText()).contains(
                        "models/typo.sql line 2, column 9: ref('bsae') names no model in models/; did you mean `base`?",
                        "models/braces.sql line 2, column 3: '{{' is never closed by '}}'");
            }
        } finally {
            Files.delete(workspace.resolve("models/typo.sql"));
            Files.delete(workspace.resolve("models/braces.sql"));
        }
    }

    private Answer waitForRun(String id, String token) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            Answer a = call(HttpRequest.GET("/v1/models/runs/" + id), token);
            assertThat(a.status()).isEqualTo(200);
            if (!a.body().path("status").asText().equals("running") || System.currentTimeMillis() > deadline) {
                return a;
            }
            Thread.sleep(100);
        }
    }
}
