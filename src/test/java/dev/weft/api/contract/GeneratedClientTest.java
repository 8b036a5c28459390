package dev.weft.api.contract;

import dev.weft.store.Store;
import dev.weft.testing.TestTokens;
import dev.weft.testing.client.ApiClient;
import dev.weft.testing.client.ApiException;
import dev.weft.testing.client.api.ServiceApi;
import dev.weft.testing.client.model.WhoAmIControllerWhoAmI;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Java client generated from api/openapi.yml at build time (openapi-generator, pom.xml) talks to the
 * running server: the contract is usable as published, not only valid.
 */
@MicronautTest
class GeneratedClientTest {

    @Inject
    EmbeddedServer server;

    @Inject
    Store store;

    private ServiceApi service(String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(server.getURI().toString());
        if (token != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        }
        return new ServiceApi(client);
    }

    @Test
    void whoamiThroughTheGeneratedClient() throws ApiException {
        String token = TestTokens.create(store, "generated", "models:read");

        WhoAmIControllerWhoAmI me = service(token).whoami();

        assertThat(me.getName()).startsWith("generated-");
        assertThat(me.getScopes()).containsExactly("models:read");
    }

    @Test
    void aMissingTokenIsTheGeneratedClientsApiExceptionWith401() {
        assertThatThrownBy(() -> service(null).whoami())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(401));
    }
}
