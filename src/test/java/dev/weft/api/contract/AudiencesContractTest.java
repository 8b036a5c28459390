package dev.weft.api.contract;

import dev.weft.store.Store;
import dev.weft.testing.TestTokens;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalog and audiences routes on the demo workspace, each exchange checked against api/openapi.yml. */
@MicronautTest
@Tag(ContractClient.TAG)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AudiencesContractTest implements TestPropertyProvider {

    static final String GERMANS = """
            {"name": "Germans", "conditions": [{"type": "trait", "column": "country", "operator": "equals", "value": "DE"}]}""";

    @Inject
    EmbeddedServer server;

    @Inject
    Store store;

    ContractClient api;
    String writer;
    String reader;
    String syncsOnly;

    @Override
    public Map<String, String> getProperties() {
        return DemoFixture.serverProperties();
    }

    @BeforeAll
    void tokens() {
        api = new ContractClient(server.getURI());
        writer = TestTokens.create(store, "marketer", "audiences:read", "audiences:write");
        reader = TestTokens.create(store, "viewer", "audiences:read");
        syncsOnly = TestTokens.create(store, "syncs-only", "syncs:read");
    }

    private String create(String definition) {
        ContractClient.Answer created = api.send("POST", "/v1/audiences", writer, definition);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    @Test
    void catalogNamesTheDemoTraitsEventsAndAudiences() {
        ContractClient.Answer catalog = api.get("/v1/catalog", reader);

        assertThat(catalog.status()).isEqualTo(200);
        assertThat(catalog.json().path("traits").findValuesAsText("column")).contains("country", "lifetime_value");
        assertThat(catalog.json().path("audiences").findValuesAsText("id")).contains("high-value-lapsed");
        assertThat(api.get("/v1/catalog", syncsOnly).status()).isEqualTo(403);
        assertThat(api.get("/v1/catalog", null).status()).isEqualTo(401);
    }

    @Test
    void listsTheDemoAudiencesAsAPage() {
        ContractClient.Answer page = api.get("/v1/audiences?limit=2", reader);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().path("items")).hasSize(2);
        assertThat(page.json().path("next").isTextual()).isTrue();
        assertThat(api.get("/v1/audiences?after=" + page.json().path("next").asText(), reader).status()).isEqualTo(200);
        assertThat(api.sendInvalid("GET", "/v1/audiences?limit=many", reader, null).status()).isEqualTo(400);
        assertThat(api.get("/v1/audiences", syncsOnly).status()).isEqualTo(403);
    }

    @Test
    void createReadReplaceDeleteAnAudience() {
        String id = create(GERMANS);

        ContractClient.Answer read = api.get("/v1/audiences/" + id, reader);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("source").asText()).isEqualTo("api");
        assertThat(read.json().path("last_run").isNull()).isTrue();

        ContractClient.Answer replaced = api.send("PUT", "/v1/audiences/" + id, writer, GERMANS.replace("Germans", "Deutsche"));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().path("version").asInt()).isEqualTo(2);

        ContractClient.Answer versions = api.get("/v1/audiences/" + id + "/versions", reader);
        assertThat(versions.status()).isEqualTo(200);
        assertThat(versions.json().path("items")).hasSize(2);

        assertThat(api.send("DELETE", "/v1/audiences/" + id, writer, null).status()).isEqualTo(204);
        assertThat(api.get("/v1/audiences/" + id, reader).status()).isEqualTo(404);
        assertThat(api.send("DELETE", "/v1/audiences/" + id, writer, null).status()).isEqualTo(404);
    }

    @Test
    void anAudienceAPriorityListRanksIsNotDeleted() {
        String id = create(GERMANS);
        ContractClient.Answer list = api.send("POST", "/v1/priority-lists", writer,
                "{\"name\": \"Germans first\", \"audiences\": [\"" + id + "\", \"high-value-lapsed\"]}");
        assertThat(list.status()).as(list.body()).isEqualTo(201);
        String listId = list.json().path("id").asText();

        ContractClient.Answer refused = api.send("DELETE", "/v1/audiences/" + id, writer, null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().at("/error/message").asText())
                .isEqualTo("audience '" + id + "' is ranked by priority list " + listId + "; take it out of that list or delete it first");
        assertThat(api.get("/v1/audiences/" + id, reader).status()).isEqualTo(200);

        assertThat(api.send("DELETE", "/v1/priority-lists/" + listId, writer, null).status()).isEqualTo(204);
        assertThat(api.send("DELETE", "/v1/audiences/" + id, writer, null).status()).isEqualTo(204);
    }

    @Test
    void aBadDefinitionIs400AtItsPointer() {
        ContractClient.Answer bad = api.send("POST", "/v1/audiences", writer, """
                {"name": "Bad", "conditions": [{"type": "trait", "column": "shoe_size", "operator": "equals", "value": 42}]}""");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/error/details/0/path").asText()).startsWith("/conditions/0");
        assertThat(api.send("POST", "/v1/audiences", reader, GERMANS).status()).isEqualTo(403);
    }

    @Test
    void aGitAudienceIsReadOnly() {
        assertThat(api.get("/v1/audiences/high-value-lapsed", reader).json().path("source").asText()).isEqualTo("git");

        assertThat(api.send("PUT", "/v1/audiences/high-value-lapsed", writer, GERMANS).status()).isEqualTo(409);
        assertThat(api.send("DELETE", "/v1/audiences/high-value-lapsed", writer, null).status()).isEqualTo(409);
    }

    @Test
    void runAnAudienceThenReadItsHistory() {
        String id = create(GERMANS.replace("Germans", "Run me"));

        ContractClient.Answer run = api.send("POST", "/v1/audiences/" + id + "/runs", writer, null);
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        assertThat(run.json().path("status").asText()).isEqualTo("succeeded");
        assertThat(run.json().path("size").asLong()).isPositive();

        ContractClient.Answer history = api.get("/v1/audiences/" + id + "/history", reader);
        assertThat(history.status()).isEqualTo(200);
        assertThat(api.get("/v1/audiences/" + id, reader).json().path("last_run").path("status").asText()).isEqualTo("succeeded");
        assertThat(api.send("POST", "/v1/audiences/nobody/runs", writer, null).status()).isEqualTo(404);
        assertThat(api.get("/v1/audiences/nobody/history", reader).status()).isEqualTo(404);
        assertThat(api.get("/v1/audiences/nobody/versions", reader).status()).isEqualTo(404);
    }

    @Test
    void previewAnUnsavedDefinitionWithASample() {
        ContractClient.Answer preview = api.send("POST", "/v1/audiences/preview", reader,
                "{\"definition\": " + GERMANS + ", \"sample\": {\"size\": 3, \"traits\": [\"email\", \"country\"]}}");

        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.json().path("count").asLong()).isPositive();
        ContractClient.Answer unknown = api.send("POST", "/v1/audiences/preview", reader, "{\"audience\": \"nobody\"}");
        assertThat(unknown.status()).isEqualTo(404);
        ContractClient.Answer tooLarge = api.sendInvalid("POST", "/v1/audiences/preview", reader,
                "{\"audience\": \"high-value-lapsed\", \"sample\": {\"size\": 100000}}");
        assertThat(tooLarge.status()).isEqualTo(400);
    }

    @Test
    void overlapOfTwoDemoAudiences() {
        ContractClient.Answer overlap = api.send("POST", "/v1/audiences/overlap", reader,
                "{\"audiences\": [\"high-value-lapsed\", \"cart-abandoners-7d\"]}");

        assertThat(overlap.status()).as(overlap.body()).isEqualTo(200);
        ContractClient.Answer unknown = api.send("POST", "/v1/audiences/overlap", reader,
                "{\"audiences\": [\"high-value-lapsed\", \"nobody\"]}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().at("/error/details/0/path").asText()).startsWith("/audiences");
        ContractClient.Answer one = api.sendInvalid("POST", "/v1/audiences/overlap", reader, "{\"audiences\": [\"high-value-lapsed\"]}");
        assertThat(one.status()).isEqualTo(400);
        assertThat(one.json().at("/error/details/0/path").asText()).startsWith("/audiences");
    }

    @Test
    void priorityListsAreMadeReadPreviewedReplacedAndDeletedAndAudited() {
        ContractClient.Answer created = api.send("POST", "/v1/priority-lists", writer,
                "{\"name\": \"Carts first\", \"audiences\": [\"cart-abandoners-7d\", \"high-value-lapsed\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asText();
        assertThat(created.json().path("source").asText()).isEqualTo("api");

        ContractClient.Answer page = api.get("/v1/priority-lists", reader);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().path("items").findValuesAsText("id")).contains("carts-first", id);
        assertThat(api.get("/v1/priority-lists/" + id, reader).json().path("audiences").toString())
                .isEqualTo("[\"cart-abandoners-7d\",\"high-value-lapsed\"]");

        ContractClient.Answer preview = api.get("/v1/priority-lists/carts-first/preview", reader);
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.json().at("/audiences/0/audience").asText()).isEqualTo("cart-abandoners-7d");
        assertThat(preview.json().at("/audiences/0/after").asLong()).isEqualTo(preview.json().at("/audiences/0/before").asLong()).isPositive();
        assertThat(preview.json().at("/audiences/1/after").asLong()).as("engaged cart abandoners are cut").isLessThan(preview.json().at("/audiences/1/before").asLong());

        ContractClient.Answer replaced = api.send("PUT", "/v1/priority-lists/" + id, writer,
                "{\"name\": \"Lapsed first\", \"audiences\": [\"high-value-lapsed\", \"cart-abandoners-7d\"]}");
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.json().path("name").asText()).isEqualTo("Lapsed first");

        ContractClient.Answer bad = api.send("POST", "/v1/priority-lists", writer,
                "{\"name\": \"Bad\", \"audiences\": [\"high-value-lapsed\", \"nobody\"]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/error/details/0/path").asText()).isEqualTo("/audiences/1");
        assertThat(api.send("POST", "/v1/priority-lists", reader, "{\"name\": \"x\", \"audiences\": []}").status()).isEqualTo(403);
        assertThat(api.send("PUT", "/v1/priority-lists/carts-first", writer,
                "{\"name\": \"x\", \"audiences\": [\"high-value-lapsed\", \"cart-abandoners-7d\"]}").status()).isEqualTo(409);
        assertThat(api.send("DELETE", "/v1/priority-lists/carts-first", writer, null).status()).isEqualTo(409);

        assertThat(api.send("DELETE", "/v1/priority-lists/" + id, writer, null).status()).isEqualTo(204);
        assertThat(api.get("/v1/priority-lists/" + id, reader).status()).isEqualTo(404);
        assertThat(api.get("/v1/priority-lists/" + id + "/preview", reader).status()).isEqualTo(404);
        String admin = TestTokens.create(store, "auditor", "admin");
        assertThat(api.get("/v1/audit?subject_type=priority_list&subject_id=" + id + "&limit=10", admin).json().path("items").findValuesAsText("action"))
                .containsExactly("priority_list.delete", "priority_list.update", "priority_list.create");
    }
}
