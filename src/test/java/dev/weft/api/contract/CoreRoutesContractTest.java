package dev.weft.api.contract;

import dev.weft.store.Store;
import dev.weft.testing.TestTokens;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The routes i23's reshaping leaves as they are, checked against api/openapi.yml on the running server. */
@MicronautTest
@Tag(ContractClient.TAG)
class CoreRoutesContractTest {

    @Inject
    EmbeddedServer server;

    @Inject
    Store store;

    private ContractClient api() {
        return new ContractClient(server.getURI());
    }

    @Test
    void healthAnswersUpWithoutToken() {
        ContractClient.Answer answer = api().get("/health", null);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("status").asText()).isEqualTo("up");
    }

    @Test
    void whoamiNamesTheCallingTokenAndItsScopes() {
        String token = TestTokens.create(store, "contract", "audiences:read", "syncs:write");

        ContractClient.Answer answer = api().get("/v1/whoami", token);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("name").asText()).startsWith("contract-");
        assertThat(answer.json().path("scopes")).extracting(node -> node.asText())
                .containsExactlyInAnyOrder("audiences:read", "syncs:write");
    }

    @Test
    void whoamiWithoutTokenIs401WithBearerChallenge() {
        ContractClient.Answer answer = api().get("/v1/whoami", null);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().path("error").path("code").asText()).isEqualTo("unauthorized");
        assertThat(answer.header("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
    }

    @Test
    void whoamiWithUnknownTokenIs401() {
        ContractClient.Answer answer = api().get("/v1/whoami", "weft_not-a-real-token");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().path("error").path("code").asText()).isEqualTo("unauthorized");
    }
}
