package dev.weft.syncs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.audit.AuditEntry;
import dev.weft.audit.AuditFilter;
import dev.weft.audit.AuditLog;
import dev.weft.store.Store;
import dev.weft.testing.TestDuckDb;
import dev.weft.testing.TestTokens;
import dev.weft.warehouse.Warehouses;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The syncs and connections REST API end to end: validation errors at JSON Pointers, dry runs, runs, errors, secrets. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyncApiTest implements TestPropertyProvider {

    private static final Path WORKSPACE;

    static {
        try {
            WORKSPACE = Files.createTempDirectory("weft-sync-api");
            Files.createDirectories(WORKSPACE.resolve("syncs"));
            Files.writeString(WORKSPACE.resolve("syncs/from_git.yml"), """
                    source: {model: people}
                    destination: {type: file, connection: files}
                    key: id
                    mapping: [{from: email, to: email}]
                    """);
            TestDuckDb.init(WORKSPACE, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of("weft.workspace", WORKSPACE.toString(), "weft.master-key", SyncHarness.MASTER_KEY,
                "weft.destinations.file.root", WORKSPACE.toString());
    }

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Store store;

    @Inject
    Warehouses warehouses;

    @Inject
    AuditLog audit;

    @Inject
    SyncScheduler scheduler;

    private final ObjectMapper json = new ObjectMapper();

    record Answer(int status, JsonNode body, HttpHeaders headers) {
    }

    private Answer call(MutableHttpRequest<?> request) {
        request.bearerAuth(TestTokens.create(store, "syncs", "syncs:read", "syncs:write", "connections:read", "connections:write"));
        try {
            HttpResponse<String> r = client.toBlocking().exchange(request, String.class);
            return new Answer(r.getStatus().getCode(), parse(r.body()), r.getHeaders());
        } catch (HttpClientResponseException e) {
            return new Answer(e.getStatus().getCode(), parse(e.getResponse().getBody(String.class).orElse("")), e.getResponse().getHeaders());
        }
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isEmpty() ? json.nullNode() : json.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(body, e);
        }
    }

    @Test
    void connectionsSyncsPlansRunsAndErrors() throws Exception {
        warehouses.primary().execute("CREATE OR REPLACE TABLE people AS SELECT 'p' || i AS id, 'U' || i || '@X.com' AS email"
                + " FROM range(25) t(i)");

        Answer badConn = call(HttpRequest.POST("/v1/connections", Map.of("name", "hook", "type", "webhook",
                "settings", Map.of("url", "http://127.0.0.1:9/x", "signing-secret", "oops"))));
        assertThat(badConn.status()).isEqualTo(400);
        assertThat(badConn.body().at("/error/details").findValuesAsText("path")).contains("/settings/signing-secret", "/secrets/signing-secret");

        Answer hook = call(HttpRequest.POST("/v1/connections", Map.of("name", "hook", "type", "webhook",
                "settings", Map.of("url", "http://127.0.0.1:9/x"), "secrets", Map.of("signing-secret", "very-secret"))));
        assertThat(hook.status()).isEqualTo(201);
        assertThat(hook.body().toString()).doesNotContain("very-secret");
        assertThat(hook.body().path("secrets_set").get(0).asText()).isEqualTo("signing-secret");
        Answer test = call(HttpRequest.POST("/v1/connections/" + hook.body().path("id").asText() + "/test", ""));
        assertThat(test.body().path("ok").asBoolean()).isFalse(); // nothing listens on port 9
        assertThat(test.body().path("message").asText()).contains("unreachable");

        Answer files = call(HttpRequest.POST("/v1/connections", Map.of("name", "files", "type", "file",
                "settings", Map.of("path", "out"))));
        assertThat(files.status()).isEqualTo(201);
        JsonNode connections = call(HttpRequest.GET("/v1/connections")).body();
        assertThat(connections.path("items")).hasSize(2);
        assertThat(connections.get("next").isNull()).isTrue();
        JsonNode firstConnection = call(HttpRequest.GET("/v1/connections?limit=1")).body();
        assertThat(firstConnection.path("items")).hasSize(1);
        String cursor = firstConnection.path("next").asText();
        assertThat(cursor).isEqualTo(firstConnection.at("/items/0/id").asText());
        JsonNode secondConnection = call(HttpRequest.GET("/v1/connections?limit=1&after=" + cursor)).body();
        assertThat(secondConnection.path("items")).hasSize(1);
        assertThat(secondConnection.at("/items/0/id").asText()).isNotEqualTo(cursor);
        assertThat(secondConnection.get("next").isNull()).isTrue();
        Answer staleCursor = call(HttpRequest.GET("/v1/connections?after=gone"));
        assertThat(staleCursor.status()).isEqualTo(400);
        assertThat(staleCursor.body().at("/error/details/0/path").asText()).isEqualTo("after");

        Answer invalid = call(HttpRequest.POST("/v1/syncs", Map.of("id", "people_files",
                "source", Map.of("model", "people"), "destination", Map.of("type", "file", "connection", "nope"),
                "key", "id", "mapping", List.of(Map.of("from", "email", "to", "email", "transforms", List.of("lower", "shout"))))));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().at("/error/details/0/path").asText()).isEqualTo("/mapping/0/transforms/1");

        Answer wrongConnection = call(HttpRequest.POST("/v1/syncs", Map.of("id", "people_files",
                "source", Map.of("model", "people"), "destination", Map.of("type", "file", "connection", "hook"),
                "key", "id", "mapping", List.of(Map.of("from", "email", "to", "email")))));
        assertThat(wrongConnection.status()).isEqualTo(400);
        assertThat(wrongConnection.body().at("/error/details/0/path").asText()).isEqualTo("/destination/connection");

        Answer misspelt = call(HttpRequest.POST("/v1/syncs", Map.of("id", "people_files", "source", Map.of("model", "people"),
                "destination", Map.of("type", "file", "connection", "files"), "key", "id", "mapping", List.of(Map.of("from", "email",
                        "to", "email", "transform", List.of("lower"))))));
        assertThat(misspelt.status()).isEqualTo(400);
        assertThat(misspelt.body().at("/error/code").asText()).isEqualTo("unknown_field");
        assertThat(misspelt.body().at("/error/details/0/path").asText()).isEqualTo("/mapping/0/transform");

        Map<String, Object> sync = Map.of("id", "people_files", "source", Map.of("model", "people"),
                "destination", Map.of("type", "file", "connection", "files"), "mode", "mirror", "key", "id",
                "mapping", List.of(Map.of("from", "email", "to", "email", "transforms", List.of("lower"))),
                "schedule", Map.of("every", "1h"));
        java.time.Instant madeAt = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Answer created = call(HttpRequest.POST("/v1/syncs", sync));
        assertThat(created.status()).isEqualTo(201);
        // Its next run is set as it is made, an hour on.
        assertThat(scheduler.nextRunAt("people_files")).hasValueSatisfying(next -> assertThat(next)
                .isBetween(madeAt.plus(java.time.Duration.ofHours(1)), java.time.Instant.now().plus(java.time.Duration.ofHours(1))));
        assertThat(created.headers().get("Location")).isEqualTo("/v1/syncs/people_files");
        assertThat(created.body().path("origin").asText()).isEqualTo("api");
        assertThat(call(HttpRequest.POST("/v1/syncs", sync)).status()).isEqualTo(409);
        assertThat(call(HttpRequest.GET("/v1/syncs")).body().path("items").findValuesAsText("id")).contains("people_files", "from_git");
        assertThat(call(HttpRequest.PUT("/v1/syncs/from_git", sync)).status()).isEqualTo(409);
        assertThat(call(HttpRequest.DELETE("/v1/syncs/from_git")).status()).isEqualTo(409);
        Map<String, Object> every2h = new java.util.HashMap<>(sync);
        every2h.put("schedule", Map.of("every", "2h"));
        java.time.Instant changedAt = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        assertThat(call(HttpRequest.PUT("/v1/syncs/people_files", every2h)).status()).isEqualTo(200);
        // The next run follows the new schedule from the change, not the hour the old one planned.
        assertThat(scheduler.nextRunAt("people_files")).hasValueSatisfying(next -> assertThat(next)
                .isBetween(changedAt.plus(java.time.Duration.ofHours(2)), java.time.Instant.now().plus(java.time.Duration.ofHours(2))));

        Answer plan = call(HttpRequest.POST("/v1/syncs/people_files/plan", ""));
        assertThat(plan.status()).isEqualTo(200);
        assertThat(plan.body().path("added").asLong()).isEqualTo(25);
        assertThat(plan.body().at("/sample/add/0/fields/email").asText()).isEqualTo("u0@x.com");
        assertThat(Files.exists(WORKSPACE.resolve("out"))).isFalse(); // a dry run sends nothing

        Answer triggered = call(HttpRequest.POST("/v1/syncs/people_files/runs", ""));
        assertThat(triggered.status()).isEqualTo(202);
        assertThat(triggered.body().path("status").asText()).isEqualTo("running");
        assertThat(triggered.headers().get("Location")).isEqualTo(triggered.body().path("url").asText());
        String runId = triggered.body().path("run_id").asText();
        JsonNode run = awaitRun(runId);
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
        assertThat(Instant.parse(run.path("started_at").asText())).isBeforeOrEqualTo(Instant.parse(run.path("finished_at").asText()));
        assertThat(run.path("succeeded").asLong()).isEqualTo(25);
        assertThat(run.at("/planned/added").asLong()).isEqualTo(25);
        assertThat(Files.readAllLines(WORKSPACE.resolve("out/people_files/current.jsonl"))).hasSize(25);
        assertThat(call(HttpRequest.GET("/v1/syncs/people_files/runs")).body().path("items")).hasSize(1);
        assertThat(call(HttpRequest.GET("/v1/syncs/people_files/jobs")).body().path("items")).as("files submit no jobs").isEmpty();
        assertThat(call(HttpRequest.GET("/v1/syncs/nope/jobs")).status()).isEqualTo(404);
        assertThat(call(HttpRequest.GET("/v1/runs/" + runId + "/errors")).body().path("items")).isEmpty();
        assertThat(call(HttpRequest.POST("/v1/syncs/people_files/plan", "")).body().path("added").asLong()).isZero();

        String secondRunId = call(HttpRequest.POST("/v1/syncs/people_files/runs", "")).body().path("run_id").asText();
        assertThat(awaitRun(secondRunId).path("sent").asLong()).as("nothing changed").isZero();
        JsonNode newest = call(HttpRequest.GET("/v1/syncs/people_files/runs?limit=1")).body();
        assertThat(newest.at("/items/0/id").asText()).isEqualTo(secondRunId);
        assertThat(newest.path("next").asText()).isEqualTo(secondRunId);
        JsonNode older = call(HttpRequest.GET("/v1/syncs/people_files/runs?limit=1&after=" + secondRunId)).body();
        assertThat(older.path("items").findValuesAsText("id")).containsExactly(runId);
        assertThat(older.get("next").isNull()).isTrue();
        assertThat(call(HttpRequest.GET("/v1/syncs/people_files/jobs?after=no-such-job")).status()).isEqualTo(400);

        assertThat(call(HttpRequest.DELETE("/v1/connections/files")).status()).isEqualTo(409); // in use
        assertThat(call(HttpRequest.DELETE("/v1/syncs/people_files")).status()).isEqualTo(204);
        assertThat(call(HttpRequest.GET("/v1/syncs/people_files")).status()).isEqualTo(404);

        // Every write above is in the audit log, with the token that made it; a plan (a read) is not.
        List<AuditEntry> log = audit.list(new AuditFilter("sync", "people_files", null), null, 10).entries();
        assertThat(log).extracting(AuditEntry::action).containsExactly("sync.delete", "sync.run", "sync.run", "sync.update", "sync.create");
        assertThat(log).allSatisfy(e -> assertThat(e.actor()).startsWith("syncs-"));
        assertThat(log.get(1).after().get("run_id").asText()).isEqualTo(secondRunId);
        assertThat(log.get(2).after().get("run_id").asText()).isEqualTo(runId);
        assertThat(log.get(2).after().get("trigger").asText()).isEqualTo("api");
        assertThat(log.get(3).before().at("/schedule/every").asText()).isEqualTo("3600s");
        assertThat(log.get(3).after().at("/schedule/every").asText()).isEqualTo("7200s");
        assertThat(log.get(0).after()).isNull();
        // Only this test's connections: another test of this class makes and deletes its own.
        assertThat(audit.list(new AuditFilter("connection", null, null), null, 10).entries())
                .filteredOn(e -> e.subjectId().equals(hook.body().path("id").asText())
                        || e.subjectId().equals(files.body().path("id").asText()))
                .extracting(AuditEntry::action).containsExactly("connection.create", "connection.create");
    }

    @Test
    void aScheduleTheSchedulerCouldNotComputeIsRefusedWithItsPointer() {
        Answer forever = call(HttpRequest.POST("/v1/syncs", Map.of("id", "forever", "source", Map.of("model", "people"),
                "destination", Map.of("type", "file", "connection", "files"), "key", "id",
                "mapping", List.of(Map.of("from", "email", "to", "email")), "schedule", Map.of("every", "9999999999999d"))));
        assertThat(forever.status()).isEqualTo(400);
        assertThat(forever.body().at("/error/details/0/path").asText()).isEqualTo("/schedule/every");
        assertThat(forever.body().at("/error/details/0/problem").asText()).contains("at most 366d");
        assertThat(call(HttpRequest.GET("/v1/syncs/forever")).status()).isEqualTo(404);
    }

    @Test
    void aSyncThroughAPriorityListThatDoesNotExistIsRefusedWithItsPointer() {
        Answer refused = call(HttpRequest.POST("/v1/syncs", Map.of("id", "listed", "source", Map.of("audience", "vip", "priority_list", "nowhere"),
                "destination", Map.of("type", "file", "connection", "files"), "mapping", List.of(Map.of("from", "email", "to", "email")))));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().at("/error/details").findValuesAsText("path")).contains("/source/priority_list");
        assertThat(refused.body().at("/error/details").findValuesAsText("problem")).contains("no priority list 'nowhere' (known: [])");
        assertThat(call(HttpRequest.GET("/v1/syncs/listed")).status()).isEqualTo(404);
    }

    @Test
    void misspelledSourceColumnsAreRefusedAtTheDoorAndAnUnbuiltSourceIsNotReady() {
        warehouses.primary().execute("CREATE OR REPLACE TABLE contacts AS SELECT 'c' || i AS contact_id, 'u' || i || '@x.com' AS email,"
                + " 'DE' AS country FROM range(3) t(i)");
        assertThat(call(HttpRequest.POST("/v1/connections", Map.of("name", "typo_files", "type", "file",
                "settings", Map.of("path", "typos")))).status()).isEqualTo(201);
        Map<String, Object> typo = Map.of("id", "contacts_files", "source", Map.of("model", "contacts"),
                "destination", Map.of("type", "file", "connection", "typo_files"), "key", "contact_id",
                "mapping", List.of(Map.of("from", "country", "to", "country"), Map.of("constant", "weft", "to", "source"),
                        Map.of("from", "emial", "to", "email")));
        Answer refused = call(HttpRequest.POST("/v1/syncs", typo));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().at("/error/code").asText()).isEqualTo("invalid_request");
        assertThat(refused.body().at("/error/details").findValuesAsText("path")).containsExactly("/mapping/2/from");
        assertThat(refused.body().at("/error/details/0/problem").asText())
                .isEqualTo("no column 'emial' in contacts; did you mean `email`? (columns: contact_id, country, email)");
        assertThat(call(HttpRequest.GET("/v1/syncs/contacts_files")).status()).isEqualTo(404);

        Map<String, Object> good = Map.of("id", "contacts_files", "source", Map.of("model", "contacts"),
                "destination", Map.of("type", "file", "connection", "typo_files"), "key", "contact_id",
                "mapping", List.of(Map.of("from", "email", "to", "email")));
        assertThat(call(HttpRequest.POST("/v1/syncs", good)).status()).isEqualTo(201);
        Map<String, Object> badKey = Map.of("source", Map.of("model", "contacts"),
                "destination", Map.of("type", "file", "connection", "typo_files"), "key", "contactid",
                "mapping", List.of(Map.of("from", "email", "to", "email")));
        Answer changed = call(HttpRequest.PUT("/v1/syncs/contacts_files", badKey));
        assertThat(changed.status()).isEqualTo(400);
        assertThat(changed.body().at("/error/details/0/path").asText()).isEqualTo("/key");
        assertThat(changed.body().at("/error/details/0/problem").asText()).contains("did you mean `contact_id`?");
        assertThat(call(HttpRequest.GET("/v1/syncs/contacts_files")).body().path("key").asText()).isEqualTo("contact_id");

        Answer unbuilt = call(HttpRequest.POST("/v1/syncs", Map.of("id", "later_files", "source", Map.of("model", "not_run_yet"),
                "destination", Map.of("type", "file", "connection", "typo_files"), "key", "id",
                "mapping", List.of(Map.of("from", "email", "to", "email")))));
        assertThat(unbuilt.status()).isEqualTo(409);
        assertThat(unbuilt.body().at("/error/code").asText()).isEqualTo("not_ready");
        assertThat(unbuilt.body().at("/error/details/0/path").asText()).isEqualTo("/source/model");
        assertThat(unbuilt.body().at("/error/message").asText()).contains("no table or view 'not_run_yet'");
        assertThat(call(HttpRequest.DELETE("/v1/syncs/contacts_files")).status()).isEqualTo(204);
        assertThat(call(HttpRequest.DELETE("/v1/connections/typo_files")).status()).isEqualTo(204); // the other test counts connections
    }

    private JsonNode awaitRun(String runId) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            JsonNode run = call(HttpRequest.GET("/v1/runs/" + runId)).body();
            if (!run.path("status").asText().equals("running")) {
                return run;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + runId + " did not finish");
    }
}
