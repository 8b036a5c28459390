package dev.weft.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.store.Store;
import dev.weft.testing.TestTokens;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /v1/tokens} and {@code /v1/audit} end to end: admin scope only, tokens that expire and are revoked,
 * every write audited with the calling token's name, and no secret in the audit log.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditAndTokensApiTest implements TestPropertyProvider {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Store store;

    private final ObjectMapper json = new ObjectMapper();
    private String admin;
    private String adminName;
    private String writer;

    @Override
    public Map<String, String> getProperties() {
        try {
            return Map.of("weft.workspace", Files.createTempDirectory("weft-audit-api").toString(),
                    "weft.master-key", Base64.getEncoder().encodeToString(new byte[32]));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    record Answer(int status, JsonNode body) {
        List<String> pointers() {
            return body.at("/error/details").findValuesAsText("path");
        }
    }

    @BeforeAll
    void tokens() {
        admin = TestTokens.create(store, "auditor", "admin");
        adminName = call(HttpRequest.GET("/v1/whoami"), admin).body().get("name").asText();
        writer = TestTokens.create(store, "writer", "audiences:read", "audiences:write", "syncs:write", "connections:write");
    }

    private Answer call(MutableHttpRequest<?> request, String token) {
        request.bearerAuth(token);
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

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Answer createToken(String name, Object expiresAt, String... scopes) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "scopes", List.of(scopes)));
        if (expiresAt != null) {
            body.put("expires_at", expiresAt.toString());
        }
        return call(HttpRequest.POST("/v1/tokens", body), admin);
    }

    @Test
    void aTokenWithoutTheAdminScopeGets403OnAuditAndTokens() {
        assertThat(call(HttpRequest.GET("/v1/audit"), writer).status()).isEqualTo(403);
        assertThat(call(HttpRequest.GET("/v1/tokens"), writer).status()).isEqualTo(403);
        assertThat(call(HttpRequest.POST("/v1/tokens", Map.of("name", "x", "scopes", List.of("admin"))), writer).status()).isEqualTo(403);
        assertThat(call(HttpRequest.DELETE("/v1/tokens/auditor"), writer).status()).isEqualTo(403);
        assertThat(call(HttpRequest.GET("/v1/audit"), admin).status()).isEqualTo(200);
    }

    @Test
    void aTokenMadeThroughTheApiIsShownOnceWorksAndExpires() {
        String name = unique("crm");
        Instant expiry = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Answer created = createToken(name, expiry, "audiences:read");
        assertThat(created.status()).isEqualTo(201);
        String token = created.body().get("token").asText();
        assertThat(token).startsWith("weft_");
        assertThat(created.body().get("expires_at").asText()).isEqualTo(expiry.toString());
        assertThat(created.body().get("scopes")).hasSize(1);
        assertThat(call(HttpRequest.GET("/v1/whoami"), token).status()).isEqualTo(200);

        Answer listed = call(HttpRequest.GET("/v1/tokens"), admin);
        assertThat(listed.body().get("next").isNull()).isTrue();
        JsonNode mine = find(listed.body().get("items"), name);
        assertThat(mine.get("status").asText()).isEqualTo("active");
        assertThat(mine.get("expires_at").asText()).isEqualTo(expiry.toString());
        assertThat(mine.has("token")).isFalse();
        assertThat(listed.body().toString()).doesNotContain(token);

        // The hour passes.
        store.dsl().update(DSL.table("weft_api_tokens"))
                .set(DSL.field("expires_at", LocalDateTime.class), LocalDateTime.now(ZoneOffset.UTC).minusSeconds(1))
                .where(DSL.field("name").eq(name)).execute();
        Answer expired = call(HttpRequest.GET("/v1/whoami"), token);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.body().at("/error/message").asText()).contains("expired");
        assertThat(find(call(HttpRequest.GET("/v1/tokens"), admin).body().get("items"), name).get("status").asText()).isEqualTo("expired");
        assertThat(call(HttpRequest.DELETE("/v1/tokens/" + name), admin).status()).as("an expired token can be revoked").isEqualTo(204);
    }

    @Test
    void aRevokedTokenGets401AndRevokingAgainOrAnUnknownNameIsRefused() {
        String name = unique("bot");
        String token = createToken(name, null, "syncs:read").body().get("token").asText();
        assertThat(call(HttpRequest.GET("/v1/whoami"), token).status()).isEqualTo(200);
        assertThat(call(HttpRequest.DELETE("/v1/tokens/" + name), admin).status()).isEqualTo(204);
        assertThat(call(HttpRequest.GET("/v1/whoami"), token).status()).isEqualTo(401);
        assertThat(find(call(HttpRequest.GET("/v1/tokens"), admin).body().get("items"), name).get("status").asText()).isEqualTo("revoked");
        assertThat(call(HttpRequest.DELETE("/v1/tokens/" + name), admin).status()).isEqualTo(409);
        assertThat(call(HttpRequest.DELETE("/v1/tokens/" + unique("ghost")), admin).status()).isEqualTo(404);
    }

    @Test
    void badTokenRequestsAnswer400NamingTheFieldAndATakenName409() {
        Answer bad = call(HttpRequest.POST("/v1/tokens", Map.of("scopes", List.of("audience:read"),
                "expires_at", Instant.now().minusSeconds(60).toString())), admin);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.pointers()).containsExactlyInAnyOrder("/name", "/scopes", "/expires_at");
        assertThat(bad.body().toString()).contains("unknown scope audience:read");

        Answer malformed = call(HttpRequest.POST("/v1/tokens", Map.of("name", "x", "scopes", List.of("admin"), "expires_at", "tomorrow")), admin);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.pointers()).containsExactly("/expires_at");

        String name = unique("twice");
        assertThat(createToken(name, null, "admin").status()).isEqualTo(201);
        assertThat(createToken(name, null, "admin").status()).isEqualTo(409);
    }

    @Test
    void tokenWritesAreAuditedWithTheCallersNameAndNeverTheToken() {
        String name = unique("audited");
        String token = createToken(name, null, "models:read").body().get("token").asText();
        call(HttpRequest.DELETE("/v1/tokens/" + name), admin);

        Answer log = call(HttpRequest.GET("/v1/audit?subject_type=token&subject_id=" + name), admin);
        assertThat(log.status()).isEqualTo(200);
        JsonNode items = log.body().get("items");
        assertThat(items).hasSize(2);
        JsonNode revoke = items.get(0);
        JsonNode create = items.get(1);
        assertThat(revoke.get("action").asText()).isEqualTo("token.revoke");
        assertThat(create.get("action").asText()).isEqualTo("token.create");
        for (JsonNode e : items) {
            assertThat(e.get("actor").asText()).isEqualTo(adminName);
            assertThat(e.get("subject_type").asText()).isEqualTo("token");
            assertThat(e.get("subject_id").asText()).isEqualTo(name);
            assertThat(Instant.parse(e.get("recorded_at").asText())).isBefore(Instant.now().plusSeconds(1));
        }
        assertThat(create.get("before").isNull()).isTrue();
        assertThat(create.at("/after/scopes/0").asText()).isEqualTo("models:read");
        assertThat(revoke.at("/before/revoked_at").isNull()).isTrue();
        assertThat(revoke.at("/after/revoked_at").isTextual()).isTrue();
        assertThat(revoke.get("id").asLong()).isGreaterThan(create.get("id").asLong());
        assertThat(auditRows()).noneMatch(row -> row.contains(token) || row.contains(token.substring(5)));
        assertThat(auditRows()).noneMatch(row -> row.contains(TokenService.sha256Hex(token)));
    }

    @Test
    void connectionSecretsNeverReachTheAuditLogNotEvenSealed() {
        String secret = "audit-secret-" + UUID.randomUUID();
        String name = "audited_" + UUID.randomUUID().toString().substring(0, 8).replace("-", "");
        Answer created = call(HttpRequest.POST("/v1/connections", Map.of("name", name, "type", "webhook",
                "settings", Map.of("url", "https://hooks.example.com/in?api_key=in-the-url"),
                "secrets", Map.of("signing-secret", secret))), writer);
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asText();
        String sealed = store.dsl().select(DSL.field("ciphertext", String.class)).from("weft_credentials")
                .where(DSL.field("name").eq("connection:" + name)).fetchOne(0, String.class);
        assertThat(sealed).isNotBlank();
        assertThat(call(HttpRequest.DELETE("/v1/connections/" + id), writer).status()).isEqualTo(204);

        JsonNode items = call(HttpRequest.GET("/v1/audit?subject_type=connection&subject_id=" + id), admin).body().get("items");
        assertThat(items).extracting(e -> e.get("action").asText()).containsExactly("connection.delete", "connection.create");
        JsonNode after = items.get(1).get("after");
        assertThat(after.get("name").asText()).isEqualTo(name);
        assertThat(after.get("secrets_set")).extracting(JsonNode::asText).containsExactly("signing-secret");
        assertThat(after.at("/settings/url").asText()).isEqualTo("https://hooks.example.com/in?api_key=***");
        assertThat(items.get(0).get("before")).isEqualTo(after);
        assertThat(auditRows()).isNotEmpty().noneMatch(row -> row.contains(secret) || row.contains(sealed) || row.contains("in-the-url"));
    }

    @Test
    void theLogIsReadNewestFirstInPagesAndFilteredByActor() {
        String name = unique("paged");
        for (int i = 0; i < 3; i++) {
            createToken(name + "-" + i, null, "identity:read");
        }
        List<Long> ids = new ArrayList<>();
        List<String> subjects = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            Answer page = call(HttpRequest.GET("/v1/audit?subject_type=token&limit=2&actor=" + adminName
                    + (next == null ? "" : "&cursor=" + next)), admin);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body().get("items").size()).isLessThanOrEqualTo(2);
            page.body().get("items").forEach(e -> {
                ids.add(e.get("id").asLong());
                subjects.add(e.get("subject_id").asText());
            });
            next = page.body().get("next").isNull() ? null : page.body().get("next").asText();
            pages++;
        } while (next != null && pages < 100);
        assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare(b, a)).doesNotHaveDuplicates();
        assertThat(subjects).containsSubsequence(name + "-2", name + "-1", name + "-0");
        assertThat(pages).isGreaterThanOrEqualTo(2);

        assertThat(call(HttpRequest.GET("/v1/audit?actor=nobody-" + name), admin).body().get("items")).isEmpty();
        Answer badCursor = call(HttpRequest.GET("/v1/audit?cursor=abc"), admin);
        assertThat(badCursor.status()).isEqualTo(400);
        assertThat(badCursor.pointers()).containsExactly("cursor");
        Answer badLimit = call(HttpRequest.GET("/v1/audit?limit=0"), admin);
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.pointers()).containsExactly("limit");
    }

    private List<String> auditRows() {
        return store.dsl().selectFrom(DSL.table("weft_audit_log")).fetch().map(r -> r.formatJSON());
    }

    private static JsonNode find(JsonNode items, String name) {
        for (JsonNode t : items) {
            if (t.get("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no token " + name + " in " + items);
    }
}
