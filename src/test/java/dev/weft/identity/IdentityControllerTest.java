package dev.weft.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.store.Store;
import dev.weft.testing.TestDuckDb;
import dev.weft.testing.TestTokens;
import dev.weft.warehouse.BulkWriter;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.Warehouses;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdentityControllerTest implements TestPropertyProvider {

    private static final Path WORKSPACE = tempWorkspace();

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    Store store;
    @Inject
    Warehouses warehouses;
    @Inject
    IdentityService identity;

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Map<String, String> getProperties() {
        return Map.of("weft.workspace", WORKSPACE.toString());
    }

    private static Path tempWorkspace() {
        try {
            Path dir = Files.createTempDirectory("weft-identity-api");
            Files.createDirectories(dir.resolve("identity-graph"));
            Files.writeString(dir.resolve("identity-graph/identity.yml"), IdentityPipelineContract.CONFIG);
            TestDuckDb.init(dir, null);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    void seed() {
        Warehouse wh = warehouses.primary();
        wh.createTable("raw_events", List.of(new Column("event_id", ColumnType.VARCHAR), new Column("anonymous_id", ColumnType.VARCHAR),
                new Column("user_id", ColumnType.VARCHAR), new Column("device_id", ColumnType.VARCHAR),
                new Column("occurred_at", ColumnType.TIMESTAMP)), true);
        wh.createTable("raw_contacts", List.of(new Column("contact_id", ColumnType.VARCHAR), new Column("email", ColumnType.VARCHAR),
                new Column("phone", ColumnType.VARCHAR), new Column("user_id", ColumnType.VARCHAR),
                new Column("updated_at", ColumnType.TIMESTAMP)), true);
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        try (BulkWriter w = wh.bulkWriter("raw_events", List.of("event_id", "anonymous_id", "user_id", "device_id", "occurred_at"))) {
            w.append("ev1", "abc", null, null, t);
            w.append("ev2", "abc", "u1", null, t.plusSeconds(10));
            w.append("ev3", "zzz", "u2", null, t.plusSeconds(20));
        }
        try (BulkWriter w = wh.bulkWriter("raw_contacts", List.of("contact_id", "email", "phone", "user_id", "updated_at"))) {
            w.append("crm-7", "A@X.com", null, "u1", t.plusSeconds(30));
        }
        identity.run(true, m -> { });
    }

    private JsonNode get(String path, String token) {
        try {
            HttpRequest<?> request = HttpRequest.GET(path);
            if (token != null) {
                request = ((io.micronaut.http.MutableHttpRequest<?>) request).bearerAuth(token);
            }
            return json.readTree(client.toBlocking().retrieve(request, String.class));
        } catch (HttpClientResponseException e) {
            JsonNode body;
            try {
                body = json.readTree(e.getResponse().getBody(String.class).orElse("{}"));
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
            return json.createObjectNode().put("status", e.getStatus().getCode()).set("body", body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void profileByAnyIdentifierNormalizedLikeTheGraph() {
        String token = TestTokens.create(store, "reader", "identity:read");
        JsonNode p = get("/v1/profiles/email/" + q(" a@x.COM ").replace("+", "%20"), token);
        assertThat(p.path("profileId").asText()).startsWith("p1_");
        assertThat(p.path("identifiers").findValuesAsText("value")).containsExactlyInAnyOrder("abc", "u1", "a@x.com");
        assertThat(p.path("summary").path("identifier_count").asLong()).isEqualTo(3);
        assertThat(p.path("changes").get(0).path("change").asText()).isEqualTo("NEW");

        JsonNode missing = get("/v1/profiles/email/" + q("nobody@x.com"), token);
        assertThat(missing.path("status").asInt()).isEqualTo(404);
        JsonNode badType = get("/v1/profiles/shoe_size/42", token);
        assertThat(badType.path("status").asInt()).isEqualTo(400);
        assertThat(badType.path("body").path("error").path("details").get(0).path("path").asText()).isEqualTo("/type");
    }

    @Test
    void explainGivesThePathWithProvenanceOrNotLinked() {
        String token = TestTokens.create(store, "reader", "identity:read");
        JsonNode e = get("/v1/identity/explain?from=" + q("email:a@x.com") + "&to=" + q("anonymous_id:abc"), token);
        assertThat(e.path("linked").asBoolean()).isTrue();
        assertThat(e.path("path")).hasSize(2);
        assertThat(e.path("path").get(0).path("from").path("value").asText()).isEqualTo("a@x.com");
        assertThat(e.path("path").get(0).path("provenance").get(0).path("source").asText()).isEqualTo("contacts");
        assertThat(e.path("path").get(0).path("provenance").get(0).path("rowKey").asText()).isEqualTo("crm-7");
        assertThat(e.path("path").get(1).path("provenance").get(0).path("rowKey").asText()).isEqualTo("ev2");

        JsonNode apart = get("/v1/identity/explain?from=" + q("user_id:u1") + "&to=" + q("user_id:u2"), token);
        assertThat(apart.path("linked").asBoolean()).isFalse();
        assertThat(apart.path("reason").asText()).startsWith("not linked: user_id:u1 is in profile");

        JsonNode bad = get("/v1/identity/explain?from=" + q("nocolon") + "&to=" + q("user_id:u2"), token);
        assertThat(bad.path("status").asInt()).isEqualTo(400);
        assertThat(bad.path("body").path("error").path("details").get(0).path("path").asText()).isEqualTo("/from");
    }

    @Test
    void needsTheIdentityReadScope() {
        assertThat(get("/v1/profiles/email/a%40x.com", null).path("status").asInt()).isEqualTo(401);
        String wrong = TestTokens.create(store, "other", "audiences:read");
        assertThat(get("/v1/profiles/email/a%40x.com", wrong).path("status").asInt()).isEqualTo(403);
    }
}
