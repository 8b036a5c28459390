package dev.weft.api.contract;

import dev.weft.store.Store;
import dev.weft.testing.TestTokens;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin routes (tokens and the audit log), each exchange checked against api/openapi.yml; no warehouse needed. */
@MicronautTest
@Tag(ContractClient.TAG)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokensAuditContractTest {

    @Inject
    EmbeddedServer server;

    @Inject
    Store store;

    ContractClient api;
    String admin;
    String notAdmin;

    @BeforeAll
    void tokens() {
        api = new ContractClient(server.getURI());
        admin = TestTokens.create(store, "admin", "admin");
        notAdmin = TestTokens.create(store, "reader", "syncs:read");
    }

    @Test
    void createListRevokeAToken() {
        ContractClient.Answer created = api.send("POST", "/v1/tokens", admin, """
                {"name": "ci-bot", "scopes": ["syncs:read"], "expires_at": "%s"}""".formatted(Instant.now().plus(1, ChronoUnit.DAYS)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String token = created.json().path("token").asText();
        assertThat(api.get("/v1/whoami", token).json().path("name").asText()).isEqualTo("ci-bot");

        assertThat(api.get("/v1/tokens", admin).json().path("items").findValuesAsText("name")).contains("ci-bot");
        assertThat(api.send("POST", "/v1/tokens", admin, "{\"name\": \"ci-bot\", \"scopes\": [\"syncs:read\"]}").status()).isEqualTo(409);

        assertThat(api.send("DELETE", "/v1/tokens/ci-bot", admin, null).status()).isEqualTo(204);
        assertThat(api.get("/v1/whoami", token).status()).isEqualTo(401);
        assertThat(api.send("DELETE", "/v1/tokens/ci-bot", admin, null).status()).isEqualTo(409);
        assertThat(api.send("DELETE", "/v1/tokens/nobody", admin, null).status()).isEqualTo(404);
    }

    @Test
    void badTokenRequestsAre400AtTheirPathsAndNeedAdmin() {
        ContractClient.Answer bad = api.send("POST", "/v1/tokens", admin, "{\"name\": \"x\", \"scopes\": [\"everything\"]}");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/error/details").findValuesAsText("path")).contains("/scopes");
        assertThat(api.get("/v1/tokens", notAdmin).status()).isEqualTo(403);
        assertThat(api.send("POST", "/v1/tokens", notAdmin, "{\"name\": \"y\", \"scopes\": [\"syncs:read\"]}").status()).isEqualTo(403);
        assertThat(api.send("DELETE", "/v1/tokens/nobody", notAdmin, null).status()).isEqualTo(403);
        assertThat(api.get("/v1/tokens", null).status()).isEqualTo(401);
    }

    @Test

    void theAuditLogListsWritesNewestFirst() {
        api.send("POST", "/v1/tokens", admin, "{\"name\": \"audited\", \"scopes\": [\"models:read\"]}");

        ContractClient.Answer page = api.get("/v1/audit?subject_type=token&limit=5", admin);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.json().path("items").findValuesAsText("subject_id")).contains("audited");
        assertThat(api.get("/v1/audit?limit=0", admin).status()).isEqualTo(400);
        assertThat(api.get("/v1/audit", notAdmin).status()).isEqualTo(403);
    }
}
