package dev.weft.api.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.store.Store;
import dev.weft.syncs.Connections;
import dev.weft.testing.TestTokens;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.jooq.impl.DSL;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The pipeline routes on the demo workspace, each exchange checked against api/openapi.yml. */
@MicronautTest
@Tag(ContractClient.TAG)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineContractTest implements TestPropertyProvider {

    @Inject
    EmbeddedServer server;

    @Inject
    Store store;

    @Inject
    Connections connections;

    ContractClient api;
    String operator;
    String reader;
    String marketer;

    @Override
    public Map<String, String> getProperties() {
        return DemoFixture.serverProperties();
    }

    @BeforeAll
    void tokens() {
        api = new ContractClient(server.getURI());
        operator = TestTokens.create(store, "operator", "pipeline:read", "pipeline:write");
        reader = TestTokens.create(store, "watcher", "pipeline:read");
        marketer = TestTokens.create(store, "marketer", "audiences:read");
        // The demo's syncs write to this connection, which the demo makes in its own store only.
        connections.create(DemoFixture.CONNECTION, "file", Map.of("path", "demo-output", "format", "jsonl"), Map.of());
    }

    @Test
    void theDagOfTheDemoWorkspace() {
        ContractClient.Answer graph = api.get("/v1/pipeline", reader);

        assertThat(graph.status()).as(graph.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        graph.json().path("assets").forEach(a -> ids.add(a.path("id").asText()));
        assertThat(ids).contains("source:raw.raw_events", "model:stg_events", "identity", "audience:cart-abandoners-7d",
                "sync:contacts_to_file");
        assertThat(ids.indexOf("identity")).isLessThan(ids.indexOf("model:profile_traits"));
        JsonNode events = graph.json().path("assets").get(ids.indexOf("source:raw.raw_events"));
        assertThat(events.path("loaded_at_field").asText()).isEqualTo("occurred_at");
        assertThat(events.path("downstream").toString()).contains("model:stg_events");
        assertThat(api.get("/v1/pipeline", marketer).status()).isEqualTo(403);
        assertThat(api.get("/v1/pipeline", null).status()).isEqualTo(401);
    }

    @Test
    void aSourceShowsItsLatestFreshnessCheck() {
        // as weft models source-freshness keeps it (the demo's sources declare no freshness)
        store.dsl().insertInto(DSL.table("weft_source_freshness"))
                .set(DSL.field("source"), "raw.raw_orders").set(DSL.field("loaded_at_field"), "ordered_at")
                .set(DSL.field("max_loaded_at"), LocalDateTime.of(2025, 1, 1, 8, 0))
                .set(DSL.field("checked_at"), LocalDateTime.of(2025, 1, 1, 11, 0)).set(DSL.field("age_seconds"), 10_800L)
                .set(DSL.field("status"), "warn").set(DSL.field("warn_after_seconds"), 3_600L).execute();

        ContractClient.Answer graph = api.get("/v1/pipeline", reader);

        assertThat(graph.status()).as(graph.body()).isEqualTo(200);
        JsonNode orders = null;
        JsonNode events = null;
        for (JsonNode a : graph.json().path("assets")) {
            orders = a.path("id").asText().equals("source:raw.raw_orders") ? a : orders;
            events = a.path("id").asText().equals("source:raw.raw_events") ? a : events;
        }
        assertThat(orders.path("freshness").path("status").asText()).isEqualTo("warn");
        assertThat(orders.path("freshness").path("age_seconds").asLong()).isEqualTo(10_800L);
        assertThat(orders.path("freshness").path("max_loaded_at").asText()).isEqualTo("2025-01-01T08:00:00Z");
        assertThat(orders.path("freshness").path("error_after_seconds").isNull()).isTrue();
        assertThat(events.path("freshness").isNull()).isTrue();
    }

    @Test
    void runThePipelineInTheBackgroundFollowItAndFindItInTheHistory() throws InterruptedException {
        ContractClient.Answer started = api.send("POST", "/v1/pipeline/runs", operator, null);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(started.json().path("status").asText()).isEqualTo("running");
        String id = started.json().path("id").asText();
        assertThat(started.json().path("url").asText()).endsWith("/v1/pipeline/runs/" + id);

        JsonNode run = null;
        for (int i = 0; i < 1200; i++) {
            ContractClient.Answer answer = api.get("/v1/pipeline/runs/" + id, reader);
            assertThat(answer.status()).isEqualTo(200);
            run = answer.json();
            if (!run.path("status").asText().equals("running")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.path("trigger").asText()).isEqualTo("api");
        assertThat(run.path("assets").size()).isPositive();
        run.path("assets").forEach(a -> assertThat(a.path("reason").asText()).as(a.toString()).isNotEmpty());

        ContractClient.Answer history = api.get("/v1/pipeline/runs?limit=1", reader);
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.json().path("items").get(0).path("id").asText()).isEqualTo(id);
        assertThat(api.sendInvalid("GET", "/v1/pipeline/runs?limit=many", reader, null).status()).isEqualTo(400);
        assertThat(api.get("/v1/pipeline/runs/no-such-run", reader).status()).isEqualTo(404);
        assertThat(api.send("POST", "/v1/pipeline/runs", reader, null).status()).isEqualTo(403);
    }
}
