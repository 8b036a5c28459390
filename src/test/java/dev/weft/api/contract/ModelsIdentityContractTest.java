package dev.weft.api.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.demo.RawTables;
import dev.weft.store.Store;
import dev.weft.testing.TestTokens;
import dev.weft.warehouse.Warehouses;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The models, profiles and identity routes on the demo workspace, each exchange checked against api/openapi.yml. */
@MicronautTest
@Tag(ContractClient.TAG)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelsIdentityContractTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    @Inject
    Store store;

    @Inject
    Warehouses warehouses;

    ContractClient api;
    String modeller;
    String identityReader;
    String audiencesOnly;

    @Override
    public Map<String, String> getProperties() {
        return DemoFixture.serverProperties();
    }

    @BeforeAll
    void tokens() {
        api = new ContractClient(server.getURI());
        modeller = TestTokens.create(store, "modeller", "models:read", "models:write");
        identityReader = TestTokens.create(store, "support", "identity:read");
        audiencesOnly = TestTokens.create(store, "marketer", "audiences:read");
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void listAndReadTheDemoModels() {
        ContractClient.Answer page = api.get("/v1/models?limit=2", modeller);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().path("items")).hasSize(2);
        assertThat(api.get("/v1/models?after=" + page.json().path("next").asText(), modeller).status()).isEqualTo(200);

        ContractClient.Answer model = api.get("/v1/models/stg_orders", modeller);
        assertThat(model.status()).isEqualTo(200);
        assertThat(model.json().path("name").asText()).isEqualTo("stg_orders");
        assertThat(api.get("/v1/models/nope", modeller).status()).isEqualTo(404);
        assertThat(api.sendInvalid("GET", "/v1/models?limit=many", modeller, null).status()).isEqualTo(400);
        assertThat(api.get("/v1/models", audiencesOnly).status()).isEqualTo(403);
        assertThat(api.get("/v1/models", null).status()).isEqualTo(401);
    }

    @Test
    void startAModelRunInTheBackground() {
        ContractClient.Answer started = api.send("POST", "/v1/models/runs", modeller, "{\"select\": [\"stg_orders\"]}");

        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(started.json().path("status").asText()).isEqualTo("running");
        assertThat(started.json().path("url").asText()).endsWith("/v1/models/runs/" + started.json().path("id").asText());
        assertThat(api.sendInvalid("POST", "/v1/models/runs", modeller, "{\"selekt\": [\"stg_orders\"]}").status()).isEqualTo(400);
        assertThat(api.send("POST", "/v1/models/runs", identityReader, "{}").status()).isEqualTo(403);
    }

    @Test
    void runAModelInTheBackgroundAndFollowIt() throws InterruptedException {
        ContractClient.Answer started = api.send("POST", "/v1/models/runs", modeller, "{\"select\": [\"stg_orders\"]}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(started.json().path("status").asText()).isEqualTo("running");

        JsonNode run = null;
        for (int i = 0; i < 300; i++) {
            ContractClient.Answer answer = api.get("/v1/models/runs/" + started.json().path("id").asText(), modeller);
            assertThat(answer.status()).isEqualTo(200);
            run = answer.json();
            if (!run.path("status").asText().equals("running")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
        assertThat(api.get("/v1/models/runs/no-such-run", modeller).status()).isEqualTo(404);
        assertThat(api.sendInvalid("POST", "/v1/models/runs", modeller, "{\"selekt\": [\"stg_orders\"]}").status()).isEqualTo(400);
        assertThat(api.send("POST", "/v1/models/runs", identityReader, "{}").status()).isEqualTo(403);
    }

    @Test
    void aProfileByOneOfItsIdentifiersAndHowTwoIdentifiersJoin() {
        List<String[]> person = warehouses.primary().queryList("SELECT id_type, id_value FROM " + RawTables.IDENTITY_TRUTH
                        + " WHERE person_id = (SELECT min(person_id) FROM " + RawTables.IDENTITY_TRUTH + " WHERE id_type = 'email')"
                        + " AND id_type IN ('email', 'user_id', 'anonymous_id') ORDER BY id_type",
                List.of(), row -> new String[] {row.getString(0), row.getString(1)});
        String[] email = person.stream().filter(p -> p[0].equals("email")).findFirst().orElseThrow();
        String[] other = person.stream().filter(p -> !p[0].equals("email")).findFirst().orElseThrow();

        ContractClient.Answer profile = api.get("/v1/profiles/email/" + q(email[1]), identityReader);
        assertThat(profile.status()).as(profile.body()).isEqualTo(200);
        assertThat(profile.json().path("profile_id").asText()).isNotEmpty();

        ContractClient.Answer explain = api.get("/v1/identity/explain?from=" + q("email:" + email[1]) + "&to="
                + q(other[0] + ":" + other[1]), identityReader);
        assertThat(explain.status()).as(explain.body()).isEqualTo(200);

        assertThat(api.get("/v1/profiles/email/" + q("nobody@nowhere.invalid"), identityReader).status()).isEqualTo(404);
        assertThat(api.get("/v1/profiles/shoe_size/42", identityReader).status()).isEqualTo(400);
        ContractClient.Answer malformed = api.get("/v1/identity/explain?from=nocolon&to=" + q("email:" + email[1]), identityReader);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(api.get("/v1/profiles/email/" + q(email[1]), audiencesOnly).status()).isEqualTo(403);
    }

    @Test
    void aDeletionRequestRecordedFollowedAndLifted() {
        String forgetter = TestTokens.create(store, "privacy", "identity:write");
        String admin = TestTokens.create(store, "admin", "admin");
        String address = "forget.me@nowhere.invalid";

        ContractClient.Answer accepted = api.send("POST", "/v1/profiles/email/" + q(address) + "/forget", forgetter, null);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().path("id").asText();
        ContractClient.Answer followed = api.get("/v1/deletion-requests/" + id, identityReader);
        assertThat(followed.status()).as(followed.body()).isEqualTo(200);
        assertThat(followed.json().path("status").asText()).isEqualTo("pending");
        assertThat(api.get("/v1/deletion-requests/no-such-request", identityReader).status()).isEqualTo(404);
        ContractClient.Answer listed = api.get("/v1/deletion-requests?status=pending&limit=10", identityReader);
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(listed.json().path("items").findValuesAsText("id")).contains(id);
        assertThat(api.send("POST", "/v1/profiles/shoe_size/42/forget", forgetter, null).status()).isEqualTo(400);
        assertThat(api.send("POST", "/v1/profiles/email/" + q(address) + "/forget", identityReader, null).status()).isEqualTo(403);

        assertThat(api.send("DELETE", "/v1/profiles/email/" + q(address) + "/forget", forgetter, null).status()).isEqualTo(403);
        ContractClient.Answer lifted = api.send("DELETE", "/v1/profiles/email/" + q(address) + "/forget", admin, null);
        assertThat(lifted.status()).as(lifted.body()).isEqualTo(200);
        assertThat(lifted.json().path("status").asText()).isEqualTo("lifted");
        assertThat(api.send("DELETE", "/v1/profiles/email/" + q(address) + "/forget", admin, null).status()).isEqualTo(404);
    }
}
