package dev.weft.api.contract;

import com.fasterxml.jackson.databind.JsonNode;
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

/** The connections, syncs and runs routes on the demo workspace, each exchange checked against api/openapi.yml. */
@MicronautTest
@Tag(ContractClient.TAG)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyncsContractTest implements TestPropertyProvider {

    /** The demo's lapsed customers to the demo's file connection. */
    static final String LAPSED_TO_FILE = """
            {"id": "%s", "source": {"audience": "high-value-lapsed"}, "destination": {"type": "file", "connection": "demo_files"},
             "mode": "mirror", "purpose": "email_marketing", "mapping": [{"from": "email", "to": "email", "transforms": ["trim", "lower"]}]}""";

    @Inject
    EmbeddedServer server;

    @Inject
    Store store;

    ContractClient api;
    String writer;
    String reader;
    String audiencesOnly;

    @Override
    public Map<String, String> getProperties() {
        return DemoFixture.serverProperties();
    }

    @BeforeAll
    void demoConnection() {
        api = new ContractClient(server.getURI());
        writer = TestTokens.create(store, "ops", "syncs:read", "syncs:write", "connections:read", "connections:write");
        reader = TestTokens.create(store, "viewer", "syncs:read", "connections:read");
        audiencesOnly = TestTokens.create(store, "marketer", "audiences:read");
        ContractClient.Answer files = api.send("POST", "/v1/connections", writer, """
                {"name": "demo_files", "type": "file", "settings": {"path": "demo-output", "format": "jsonl"}}""");
        assertThat(files.status()).as(files.body()).isEqualTo(201);
    }

    private String createSync(String id) {
        ContractClient.Answer created = api.send("POST", "/v1/syncs", writer, LAPSED_TO_FILE.formatted(id));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return id;
    }

    private JsonNode awaitRun(String runId) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            JsonNode run = api.get("/v1/runs/" + runId, reader).json();
            if (!run.path("status").asText().equals("running")) {
                return run;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + runId + " did not finish");
    }

    @Test
    void connectionsCreateReadTestDelete() {
        ContractClient.Answer hook = api.send("POST", "/v1/connections", writer, """
                {"name": "hook", "type": "webhook", "settings": {"url": "http://127.0.0.1:9/x"}, "secrets": {"signing-secret": "s3cr3t"}}""");
        assertThat(hook.status()).as(hook.body()).isEqualTo(201);
        String id = hook.json().path("id").asText();

        assertThat(api.get("/v1/connections/" + id, reader).json().path("secrets_set").get(0).asText()).isEqualTo("signing-secret");
        assertThat(api.get("/v1/connections?limit=1", reader).json().path("items")).hasSize(1);
        ContractClient.Answer test = api.send("POST", "/v1/connections/" + id + "/test", writer, null);
        assertThat(test.status()).isEqualTo(200);
        assertThat(test.json().path("ok").asBoolean()).as("nothing listens on port 9").isFalse();
        assertThat(api.send("POST", "/v1/connections", writer, """
                {"name": "hook", "type": "webhook", "settings": {"url": "http://127.0.0.1:9/x"}, "secrets": {"signing-secret": "s3cr3t"}}""")
                .status()).as("the name is taken").isEqualTo(409);

        // A change: settings replaced, the secret left out keeps its value; a connection keeps its type.
        ContractClient.Answer changed = api.send("PUT", "/v1/connections/" + id, writer, """
                {"settings": {"url": "http://127.0.0.1:9/y", "timeout-seconds": "5"}}""");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().path("settings").path("url").asText()).isEqualTo("http://127.0.0.1:9/y");
        assertThat(changed.json().path("settings").path("timeout-seconds").asText()).isEqualTo("5");
        assertThat(changed.json().path("secrets_set").get(0).asText()).isEqualTo("signing-secret");
        ContractClient.Answer retyped = api.send("PUT", "/v1/connections/" + id, writer, """
                {"type": "file", "settings": {"url": "http://127.0.0.1:9/y"}}""");
        assertThat(retyped.status()).isEqualTo(400);
        assertThat(retyped.json().path("error").path("details").get(0).path("path").asText()).isEqualTo("/type");
        assertThat(api.send("PUT", "/v1/connections/" + id, writer, """
                {"settings": {}}""").json().path("error").path("details").get(0).path("path").asText())
                .as("url is required").isEqualTo("/settings/url");

        assertThat(api.send("DELETE", "/v1/connections/" + id, writer, null).status()).isEqualTo(204);
        assertThat(api.get("/v1/connections/" + id, reader).status()).isEqualTo(404);
        assertThat(api.send("POST", "/v1/connections/" + id + "/test", writer, null).status()).isEqualTo(404);
        assertThat(api.send("DELETE", "/v1/connections/" + id, writer, null).status()).isEqualTo(404);
        assertThat(api.send("PUT", "/v1/connections/" + id, writer, "{\"settings\": {}}").status()).isEqualTo(404);
    }

    @Test
    void badConnectionsAnswer400AtTheirPathsAnd403WithoutTheScope() {
        ContractClient.Answer bad = api.send("POST", "/v1/connections", writer, """
                {"name": "bad", "type": "webhook", "settings": {"url": "http://127.0.0.1:9/x", "signing-secret": "oops"}}""");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/error/details").findValuesAsText("path")).contains("/settings/signing-secret");
        assertThat(api.get("/v1/connections?after=gone", reader).status()).isEqualTo(400);
        assertThat(api.get("/v1/connections", audiencesOnly).status()).isEqualTo(403);
        assertThat(api.get("/v1/connections", null).status()).isEqualTo(401);
    }

    @Test
    void aConnectionASyncUsesCannotBeDeleted() {
        createSync("in_use");
        String id = api.get("/v1/connections", reader).json().path("items").findParents("name").stream()
                .filter(c -> c.path("name").asText().equals("demo_files")).findFirst().orElseThrow().path("id").asText();

        assertThat(api.send("DELETE", "/v1/connections/" + id, writer, null).status()).isEqualTo(409);
    }

    @Test
    void syncsCreateReadReplaceDelete() {
        String id = createSync("lapsed_crud");

        assertThat(api.get("/v1/syncs/" + id, reader).json().path("origin").asText()).isEqualTo("api");
        assertThat(api.get("/v1/syncs", reader).json().path("items").findValuesAsText("id")).contains(id, "high_value_lapsed_to_file");
        assertThat(api.send("POST", "/v1/syncs", writer, LAPSED_TO_FILE.formatted(id)).status()).isEqualTo(409);
        ContractClient.Answer hourly = api.send("PUT", "/v1/syncs/" + id, writer,
                LAPSED_TO_FILE.formatted(id).replace("\"mode\"", "\"schedule\": {\"every\": \"1h\"}, \"mode\""));
        assertThat(hourly.status()).as(hourly.body()).isEqualTo(200);
        assertThat(api.send("PUT", "/v1/syncs/high_value_lapsed_to_file", writer,
                LAPSED_TO_FILE.formatted("high_value_lapsed_to_file")).status()).as("a git sync is read-only").isEqualTo(409);
        assertThat(api.send("DELETE", "/v1/syncs/high_value_lapsed_to_file", writer, null).status()).isEqualTo(409);

        assertThat(api.send("DELETE", "/v1/syncs/" + id, writer, null).status()).isEqualTo(204);
        assertThat(api.get("/v1/syncs/" + id, reader).status()).isEqualTo(404);
        assertThat(api.send("DELETE", "/v1/syncs/" + id, writer, null).status()).isEqualTo(404);
        assertThat(api.send("PUT", "/v1/syncs/" + id, writer, LAPSED_TO_FILE.formatted(id)).status()).isEqualTo(404);
    }

    @Test
    void aBadSyncIs400AtItsPath() {
        ContractClient.Answer bad = api.send("POST", "/v1/syncs", writer, """
                {"id": "bad", "source": {"audience": "high-value-lapsed"}, "destination": {"type": "file", "connection": "demo_files"},
                 "mapping": [{"from": "email", "to": "email", "transforms": ["lower", "shout"]}]}""");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/error/details/0/path").asText()).isEqualTo("/mapping/0/transforms/1");
        assertThat(api.send("POST", "/v1/syncs", reader, LAPSED_TO_FILE.formatted("forbidden")).status()).isEqualTo(403);
        assertThat(api.get("/v1/syncs?after=gone", reader).status()).isEqualTo(400);
    }

    @Test
    void planRunAndReadTheRunItsRowErrorsAndJobs() throws InterruptedException {
        String id = createSync("lapsed_run");

        ContractClient.Answer plan = api.send("POST", "/v1/syncs/" + id + "/plan?sample=2", writer, null);
        assertThat(plan.status()).as(plan.body()).isEqualTo(200);
        assertThat(plan.json().path("added").asLong()).isPositive();
        assertThat(plan.json().path("withheld").path("revoked").asLong()).as("the demo's consent withholds some").isPositive();

        ContractClient.Answer triggered = api.send("POST", "/v1/syncs/" + id + "/runs", writer, null);
        assertThat(triggered.status()).as(triggered.body()).isEqualTo(202);
        JsonNode run = awaitRun(triggered.json().path("run_id").asText());
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
        assertThat(run.path("succeeded").asLong()).isEqualTo(plan.json().path("added").asLong());
        assertThat(run.path("planned").path("withheld")).isEqualTo(plan.json().path("withheld"));

        assertThat(api.get("/v1/syncs/" + id + "/runs", reader).json().path("items")).hasSize(1);
        assertThat(api.get("/v1/runs/" + run.path("id").asText() + "/errors", reader).json().path("items")).isEmpty();
        assertThat(api.get("/v1/syncs/" + id + "/jobs", reader).json().path("items")).as("files submit no jobs").isEmpty();
        assertThat(api.get("/v1/runs/no-such-run", reader).status()).isEqualTo(404);
        assertThat(api.get("/v1/runs/no-such-run/errors", reader).status()).isEqualTo(404);
        assertThat(api.get("/v1/syncs/nope/jobs", reader).status()).isEqualTo(404);
        assertThat(api.get("/v1/syncs/nope/runs", reader).status()).isEqualTo(404);
        assertThat(api.send("POST", "/v1/syncs/nope/plan", writer, null).status()).isEqualTo(404);
        assertThat(api.send("POST", "/v1/syncs/nope/runs", writer, null).status()).isEqualTo(404);
        assertThat(api.send("POST", "/v1/syncs/" + id + "/runs", reader, null).status()).isEqualTo(403);
    }
}
