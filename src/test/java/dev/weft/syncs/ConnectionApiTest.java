package dev.weft.syncs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.store.Store;
import dev.weft.testing.TestDuckDb;
import dev.weft.testing.TestTokens;
import dev.weft.warehouse.Warehouses;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /v1/connections} and {@code POST /v1/syncs} refuse what would expose or lose data: unknown
 * fields, credentials inside webhook URLs, other URL schemes, file paths outside the file root; creates are
 * atomic (a duplicate, even a concurrent one, answers 409 and changes nothing), and credential-like query
 * parameters are masked in every answer.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionApiTest implements TestPropertyProvider {

    private static final Path WORKSPACE;

    static {
        try {
            WORKSPACE = Files.createTempDirectory("weft-connection-api");
            TestDuckDb.init(WORKSPACE, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of("weft.workspace", WORKSPACE.toString(), "weft.master-key", SyncHarness.MASTER_KEY);
    }

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Store store;

    @Inject
    Connections connections;

    @Inject
    Warehouses warehouses;

    private final ObjectMapper json = new ObjectMapper();

    record Answer(int status, JsonNode body) {
        String text() {
            return body.toString();
        }

        List<String> pointers() {
            return body.at("/error/details").findValuesAsText("path");
        }
    }

    private Answer call(MutableHttpRequest<?> request) {
        request.bearerAuth(TestTokens.create(store, "conn", "syncs:read", "syncs:write", "connections:read", "connections:write"));
        try {
            HttpResponse<String> r = client.toBlocking().exchange(request, String.class);
            return new Answer(r.getStatus().getCode(), parse(r.body()));
        } catch (HttpClientResponseException e) {
            return new Answer(e.getStatus().getCode(), parse(e.getResponse().getBody(String.class).orElse("")));
        }
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isEmpty() ? json.nullNode() : json.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(body, e);
        }
    }

    private static Map<String, Object> webhook(String name, String url, String secret) {
        return Map.of("name", name, "type", "webhook", "settings", Map.of("url", url), "secrets", Map.of("signing-secret", secret));
    }

    @Test
    void unknownFieldsAnswer400WithTheirPointerAndCreateNothing() {
        Answer misspelt = call(HttpRequest.POST("/v1/connections", Map.of("name", "typo", "type", "webhook",
                "settings", Map.of("url", "https://hooks.example.com/in"), "secret", Map.of("signing-secret", "s"))));
        assertThat(misspelt.status()).isEqualTo(400);
        assertThat(misspelt.body().at("/error/code").asText()).isEqualTo("unknown_field");
        assertThat(misspelt.pointers()).containsExactly("/secret");
        assertThat(call(HttpRequest.GET("/v1/connections/typo")).status()).isEqualTo(404);
    }

    @Test
    void webhookUrlsWithCredentialsOrAnotherSchemeAreRefused() {
        Answer userInfo = call(HttpRequest.POST("/v1/connections", webhook("userinfo", "https://ann:hunter2@hooks.example.com/in", "s")));
        assertThat(userInfo.status()).isEqualTo(400);
        assertThat(userInfo.pointers()).containsExactly("/settings/url");
        assertThat(userInfo.text()).contains("secrets").doesNotContain("hunter2");

        Answer file = call(HttpRequest.POST("/v1/connections", webhook("local", "file:///etc/passwd", "s")));
        assertThat(file.status()).isEqualTo(400);
        assertThat(file.pointers()).containsExactly("/settings/url");
        assertThat(file.text()).contains("http");
        JsonNode listed = call(HttpRequest.GET("/v1/connections")).body();
        assertThat(listed.path("items").isArray()).as(listed.toString()).isTrue();
        assertThat(listed.path("items").findValuesAsText("name")).doesNotContain("userinfo", "local");
    }

    @Test
    void credentialQueryParametersAreMaskedInEveryAnswerAndLogLine() {
        String url = "https://hooks.example.com/in?team=blue&key=k-123&access_token=t-456&X-Amz-Signature=s-789";
        Answer created = call(HttpRequest.POST("/v1/connections", webhook("masked", url, "very-secret")));
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().path("id").asText();
        for (Answer a : List.of(created, call(HttpRequest.GET("/v1/connections/" + id)), call(HttpRequest.GET("/v1/connections")))) {
            assertThat(a.text()).doesNotContain("k-123", "t-456", "s-789", "very-secret").contains("team=blue", "key=***");
        }
        assertThat(connections.open("masked").toString()).doesNotContain("k-123", "t-456", "s-789", "very-secret");
        // The stored setting itself is intact: the receiver needs the key.
        assertThat(connections.open("masked").setting("url", null)).isEqualTo(url);
    }

    @Test
    void fileConnectionsStayUnderTheFileRoot() {
        Answer outside = call(HttpRequest.POST("/v1/connections", Map.of("name", "escape", "type", "file",
                "settings", Map.of("path", "../elsewhere"))));
        assertThat(outside.status()).isEqualTo(400);
        assertThat(outside.pointers()).containsExactly("/settings/path");
        assertThat(outside.text()).contains("weft.destinations.file.root");
        assertThat(call(HttpRequest.POST("/v1/connections", Map.of("name", "inside", "type", "file",
                "settings", Map.of("path", "demo-output/api")))).status()).isEqualTo(201);

        // A connection stored before paths were checked: a sync using it is refused at its connection.
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        store.dsl().insertInto(DSL.table("weft_connections")).set(DSL.field("id"), UUID.randomUUID().toString())
                .set(DSL.field("name"), "legacy").set(DSL.field("type"), "file").set(DSL.field("settings"), "{\"path\":\"/tmp\"}")
                .set(DSL.field("secret_fields"), "").set(DSL.field("created_at"), now).set(DSL.field("updated_at"), now).execute();
        Answer sync = call(HttpRequest.POST("/v1/syncs", Map.of("id", "to_legacy", "source", Map.of("model", "people"),
                "destination", Map.of("type", "file", "connection", "legacy"), "key", "id",
                "mapping", List.of(Map.of("from", "email", "to", "email")))));
        assertThat(sync.status()).isEqualTo(400);
        assertThat(sync.pointers()).containsExactly("/destination/connection");
        assertThat(sync.text()).contains("outside");
    }

    @Test
    void concurrentCreatesOfOneConnectionAnswerOne201AndOnly409sAndKeepTheWinnersSecret() throws Exception {
        Map<Integer, Answer> answers = concurrently(8, i -> call(HttpRequest.POST("/v1/connections",
                webhook("raced", "https://hooks.example.com/in", "secret-" + i))));
        List<Integer> created = answers.entrySet().stream().filter(e -> e.getValue().status() == 201).map(Map.Entry::getKey).toList();
        assertThat(created).hasSize(1);
        assertThat(answers.values()).filteredOn(a -> a.status() != 201).allSatisfy(a -> {
            assertThat(a.status()).as(a.text()).isEqualTo(409);
            assertThat(a.body().at("/error/code").asText()).isEqualTo("conflict");
            assertThat(a.body().at("/error/message").asText()).contains("raced");
        });
        assertThat(connections.open("raced").secrets()).containsEntry("signing-secret", "secret-" + created.get(0));
    }

    @Test
    void concurrentCreatesOfOneSyncAnswerOne201AndOnly409s() throws Exception {
        call(HttpRequest.POST("/v1/connections", Map.of("name", "sync_files", "type", "file", "settings", Map.of("path", "demo-output"))));
        warehouses.primary().execute("CREATE OR REPLACE TABLE people AS SELECT 'p1' AS id, 'a@x.com' AS email"); // the source's columns are checked
        Map<String, Object> sync = Map.of("id", "raced_sync", "source", Map.of("model", "people"),
                "destination", Map.of("type", "file", "connection", "sync_files"), "key", "id",
                "mapping", List.of(Map.of("from", "email", "to", "email")));
        Map<Integer, Answer> answers = concurrently(8, i -> call(HttpRequest.POST("/v1/syncs", sync)));
        assertThat(answers.values()).filteredOn(a -> a.status() == 201).hasSize(1);
        assertThat(answers.values()).filteredOn(a -> a.status() != 201).allSatisfy(a -> {
            assertThat(a.status()).as(a.text()).isEqualTo(409);
            assertThat(a.body().at("/error/message").asText()).contains("raced_sync");
        });
    }

    /** Runs {@code n} calls released at once; answers by call index. */
    private static Map<Integer, Answer> concurrently(int n, java.util.function.IntFunction<Answer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            Map<Integer, Answer> answers = new ConcurrentHashMap<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    answers.put(index, call.apply(index));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
