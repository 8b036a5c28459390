package dev.weft.audiences;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.demo.PipelineDemoStep;
import dev.weft.store.Store;
import dev.weft.testing.TestDuckDb;
import dev.weft.testing.TestTokens;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.Warehouses;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The REST API end to end: a real DuckDB warehouse with generated rows, the real store and auth filter. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AudienceApiTest implements TestPropertyProvider {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> USED_BY_SYNC = new HashSet<>();

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    Store store;
    @Inject
    Warehouses warehouses;
    @Inject
    AudienceCatalogue service;
    @Inject
    AudiencePreviews previews;
    @Inject
    MeterRegistry meters;

    Path workspace;
    AudienceTestData data;
    String writer;
    String otherWriter;
    String reader;

    /** Stands in for the syncs feature until it implements {@link AudienceUsage}. */
    @Singleton
    @Requires(property = "audience-api-test.usage", value = "true")
    static class SyncsStandIn implements AudienceUsage {
        @Override
        public List<String> syncsUsing(String audienceId) {
            return USED_BY_SYNC.contains(audienceId) ? List.of("hubspot-nightly", "braze-daily") : List.of();
        }

        @Override
        public List<String> syncsUsingPriorityList(String priorityListId) {
            return List.of();
        }
    }

    @Override
    public Map<String, String> getProperties() {
        try {
            workspace = Files.createTempDirectory("weft-aud-api");
            Files.createDirectories(workspace.resolve("audiences"));
            Files.writeString(workspace.resolve("audiences/vips.json"),
                    "{\"name\": \"VIPs\", \"conditions\": [" + AudienceSqlContract.trait("vip", "equals", "true") + "]}");
            TestDuckDb.init(workspace, "wh.duckdb");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("weft.workspace", workspace.toString(),
                "weft.warehouses.local.path", workspace.resolve("wh.duckdb").toString(),
                "weft.warehouses.local.memory-limit", "1GB",
                "audience-api-test.usage", "true",
                "micronaut.server.port", "-1");
    }

    @BeforeAll
    void load() {
        data = new AudienceTestData(300, 7);
        Warehouse w = warehouses.primary();
        data.load(w);
        w.execute("CREATE TABLE sentinel (x INTEGER)");
        w.execute("INSERT INTO sentinel VALUES (1)");
        service.clock(Clock.fixed(AudienceTestData.NOW.toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
        writer = TestTokens.create(store, "marketer", "audiences:read", "audiences:write");
        otherWriter = TestTokens.create(store, "analyst", "audiences:read", "audiences:write");
        reader = TestTokens.create(store, "viewer", "audiences:read");
    }

    record Answer(int status, JsonNode body, HttpHeaders headers) {
        JsonNode details() {
            return body.path("error").path("details");
        }
    }

    Answer call(MutableHttpRequest<?> request, String token) {
        request.bearerAuth(token);
        try {
            HttpResponse<String> r = client.toBlocking().exchange(request.contentType(MediaType.APPLICATION_JSON_TYPE), String.class);
            return new Answer(r.getStatus().getCode(), parse(r.body()), r.getHeaders());
        } catch (HttpClientResponseException e) {
            return new Answer(e.getStatus().getCode(), parse(e.getResponse().getBody(String.class).orElse("")), e.getResponse().getHeaders());
        }
    }

    static JsonNode parse(String s) {
        try {
            return s == null || s.isEmpty() ? JSON.nullNode() : JSON.readTree(s);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    Answer post(String path, String body) {
        return call(HttpRequest.POST(path, body), writer);
    }

    Set<String> expected(String definitionJson) {
        AudienceDefinition def = service.validate(parse(definitionJson), "", false);
        return new ReferenceEvaluator(data, id -> service.definitionOf(service.get(id))).members(def);
    }

    static String def(String name, String... conditions) {
        return "{\"name\":\"" + name + "\",\"conditions\":[" + String.join(",", conditions) + "]}";
    }

    @Test
    void theCatalogAnswersSnakeCaseToReadersOnly() {
        Answer catalog = call(HttpRequest.GET("/v1/catalog"), reader);
        assertThat(catalog.status()).isEqualTo(200);
        JsonNode country = null;
        for (JsonNode t : catalog.body().path("traits")) {
            if (t.path("column").asText().equals("country")) {
                country = t;
            }
        }
        assertThat(country).isNotNull();
        assertThat(country.path("type").asText()).isEqualTo("varchar");
        assertThat(JSON.convertValue(country.path("sample_values"), List.class)).containsExactly("DE", "ES", "FR", "GB", "US");
        assertThat(catalog.body().path("traits").findValuesAsText("column")).doesNotContain("profile_id").contains("vip", "signup_date");
        List<String> events = new java.util.ArrayList<>();
        catalog.body().path("events").forEach(e -> events.add(e.path("name").asText()));
        assertThat(events).containsExactlyElementsOf(AudienceTestData.EVENTS.stream().sorted().toList());
        assertThat(catalog.body().at("/events/0/properties").findValuesAsText("name")).contains("revenue", "category");
        assertThat(catalog.body().path("audiences").findValuesAsText("id")).contains("vips");
        String syncsOnly = TestTokens.create(store, "syncs-only", "syncs:read");
        assertThat(call(HttpRequest.GET("/v1/catalog"), syncsOnly).status()).isEqualTo(403);
    }

    @Test
    void createUpdateVersionsRecordWhoAndWhen() {
        Answer created = post("/v1/audiences", def("Germans", AudienceSqlContract.trait("country", "equals", "\"DE\"")));
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().get("id").asText();
        assertThat(created.body().get("source").asText()).isEqualTo("api");
        assertThat(created.headers().get("Location")).isEqualTo("/v1/audiences/" + id);
        assertThat(created.body().get("file").isNull()).as("an API audience has no git file").isTrue();
        assertThat(Instant.parse(created.body().get("created_at").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(created.body().get("created_by").asText()).startsWith("marketer-");

        Answer updated = call(HttpRequest.PUT("/v1/audiences/" + id, def("Germans and French",
                AudienceSqlContract.trait("country", "in", "[\"DE\",\"FR\"]"))), otherWriter);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().get("version").asInt()).isEqualTo(2);
        assertThat(updated.body().get("updated_by").asText()).startsWith("analyst-");

        Answer versions = call(HttpRequest.GET("/v1/audiences/" + id + "/versions"), reader);
        assertThat(versions.body().get("next").isNull()).isTrue();
        JsonNode versionItems = versions.body().get("items");
        assertThat(versionItems).hasSize(2);
        assertThat(versionItems.get(0).get("version").asInt()).isEqualTo(2);
        assertThat(versionItems.get(0).get("created_by").asText()).startsWith("analyst-");
        assertThat(versionItems.get(1).get("created_by").asText()).startsWith("marketer-");
        assertThat(versionItems.get(1).path("definition").path("name").asText()).isEqualTo("Germans");
        assertThat(Instant.parse(versionItems.get(0).get("created_at").asText())).isBeforeOrEqualTo(Instant.now());

        Answer one = call(HttpRequest.GET("/v1/audiences/" + id), reader);
        assertThat(one.body().path("definition").path("name").asText()).isEqualTo("Germans and French");
        Answer list = call(HttpRequest.GET("/v1/audiences"), reader);
        assertThat(list.body().get("items").findValuesAsText("id")).contains(id, "vips");
    }

    @Test
    void anUpdateIsAuditedWithTheObjectBeforeAndAfterAndTheTokensName() {
        String auditor = TestTokens.create(store, "auditor", "admin");
        String id = post("/v1/audiences", def("Audited", AudienceSqlContract.trait("country", "equals", "\"DE\""))).body().get("id").asText();
        String writerName = call(HttpRequest.GET("/v1/whoami"), otherWriter).body().get("name").asText();
        assertThat(call(HttpRequest.PUT("/v1/audiences/" + id, def("Audited, renamed",
                AudienceSqlContract.trait("country", "equals", "\"FR\""))), otherWriter).status()).isEqualTo(200);

        Answer log = call(HttpRequest.GET("/v1/audit?subject_type=audience&subject_id=" + id), auditor);
        assertThat(log.status()).isEqualTo(200);
        JsonNode update = log.body().get("items").get(0);
        assertThat(update.get("action").asText()).isEqualTo("audience.update");
        assertThat(update.get("actor").asText()).isEqualTo(writerName);
        assertThat(update.at("/before/version").asInt()).isEqualTo(1);
        assertThat(update.at("/before/definition/name").asText()).isEqualTo("Audited");
        assertThat(update.at("/before/definition/conditions/0/value").asText()).isEqualTo("DE");
        assertThat(update.at("/after/version").asInt()).isEqualTo(2);
        assertThat(update.at("/after/definition/name").asText()).isEqualTo("Audited, renamed");
        assertThat(update.at("/after/updated_by").asText()).isEqualTo(writerName);
        JsonNode create = log.body().get("items").get(1);
        assertThat(create.get("action").asText()).isEqualTo("audience.create");
        assertThat(create.get("actor").asText()).startsWith("marketer-");
        assertThat(create.get("before").isNull()).isTrue();
        assertThat(log.body().get("items")).hasSize(2);
        assertThat(log.body().get("next").isNull()).isTrue();

        Answer run = call(HttpRequest.POST("/v1/audiences/" + id + "/runs", ""), otherWriter);
        assertThat(run.status()).isEqualTo(200);
        JsonNode audited = call(HttpRequest.GET("/v1/audit?subject_type=audience&subject_id=" + id + "&limit=1"), auditor).body();
        assertThat(audited.at("/items/0/action").asText()).isEqualTo("audience.run");
        assertThat(audited.at("/items/0/actor").asText()).isEqualTo(writerName);
        assertThat(audited.at("/items/0/after/size").asLong()).isEqualTo(run.body().get("size").asLong());
        assertThat(audited.get("next").asText()).isNotEmpty();

        Answer byActor = call(HttpRequest.GET("/v1/audit?actor=" + writerName), auditor);
        assertThat(byActor.body().get("items")).isNotEmpty().allSatisfy(e -> assertThat(e.get("actor").asText()).isEqualTo(writerName));
    }

    @Test
    void readScopeCannotWrite() {
        Answer a = call(HttpRequest.POST("/v1/audiences", def("x")), reader);
        assertThat(a.status()).isEqualTo(403);
    }

    @Test
    void gitAudiencesAreReadOnly() {
        Answer git = call(HttpRequest.GET("/v1/audiences/vips"), reader);
        assertThat(git.body().get("source").asText()).isEqualTo("git");
        assertThat(git.body().get("file").asText()).isEqualTo("audiences/vips.json");
        assertThat(call(HttpRequest.PUT("/v1/audiences/vips", def("x")), writer).status()).isEqualTo(409);
        Answer delete = call(HttpRequest.DELETE("/v1/audiences/vips"), writer);
        assertThat(delete.status()).isEqualTo(409);
        assertThat(delete.body().path("error").path("message").asText()).contains("git");
    }

    @Test
    void deletingAnAudienceASyncUsesIsRefusedNamingTheSyncs() {
        String id = post("/v1/audiences", def("used", AudienceSqlContract.trait("vip", "is_set", null))).body().get("id").asText();
        USED_BY_SYNC.add(id);
        Answer refused = call(HttpRequest.DELETE("/v1/audiences/" + id), writer);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().path("error").path("message").asText()).contains("braze-daily", "hubspot-nightly");
        USED_BY_SYNC.remove(id);
        assertThat(call(HttpRequest.DELETE("/v1/audiences/" + id), writer).status()).isEqualTo(204);
        assertThat(call(HttpRequest.GET("/v1/audiences/" + id), reader).status()).isEqualTo(404);
    }

    @Test
    void invalidDefinitionsAnswer400WithPointers() {
        assertProblem(def("x", "{\"type\":\"trait\",\"column\":\"country\",\"operator\":\"equals\",\"value\":\"DE\",\"colour\":1}"),
                "unknown_field", "/conditions/0/colour", "unknown field");
        assertProblem("{\"name\":\"x\",\"colour\":1}", "unknown_field", "/colour", "unknown field");
        assertProblem(def("x", AudienceSqlContract.trait("shoe_size", "equals", "42")), "/conditions/0/column", "no column 'shoe_size'");
        assertProblem(def("x", AudienceSqlContract.trait("contry", "equals", "\"DE\"")), "/conditions/0/column",
                "no column 'contry' in the traits model profile_traits; did you mean `country`?");
        assertProblem(def("x", "{\"type\":\"event\",\"event\":\"order_complete\"}"), "/conditions/0/event",
                "did you mean `order_completed`?");
        assertProblem(def("x", AudienceSqlContract.trait("country", "greater_than", "\"DE\"")), "/conditions/0/operator", "does not fit a varchar column");
        assertProblem(def("x", "{\"type\":\"event\",\"event\":\"order_completed\",\"where\":[{\"property\":\"qty\","
                + "\"operator\":\"greater_than\",\"value\":\"9\"}]}"), "/conditions/0/where/0/value", "must be a number");
        assertProblem(def("x", "{\"type\":\"event\",\"event\":\"order_completed\",\"where\":[{\"property\":\"gift\","
                + "\"operator\":\"contains\",\"value\":\"t\"}]}"), "/conditions/0/where/0/operator", "does not fit property 'gift' (a boolean)");
        assertProblem(def("x", AudienceSqlContract.trait("vip", "equals", "true"), AudienceSqlContract.trait("order_count", "equals", "2.5")),
                "/conditions/1/value", "whole number");
        assertProblem(def("x", AudienceSqlContract.trait("lifetime_value", "between", "{\"from\":10,\"to\":5}")), "/conditions/0/value", "empty");
        assertProblem(def("x", AudienceSqlContract.trait("last_order_at", "before", "\"yesterday\"")), "/conditions/0/value", "date");
        assertProblem(def("x", "{\"type\":\"or\",\"conditions\":[{\"type\":\"event\",\"event\":\"teleported\"}]}"),
                "/conditions/0/conditions/0/event", "no event named 'teleported'");
        assertProblem(def("x", "{\"type\":\"event\",\"event\":\"order_completed\",\"count\":{\"operator\":\"at_least\",\"value\":-1}}"),
                "/conditions/0/count/value", "0 or more");
        assertProblem(def("x", "{\"type\":\"audience\",\"operator\":\"in\",\"audience\":\"nope\"}"), "/conditions/0/audience", "no audience");
        assertProblem("{\"name\":\"x\",\"split\":{\"name\":\"h\",\"groups\":[{\"name\":\"a\",\"percent\":10},{\"name\":\"b\",\"percent\":80}]}}",
                "/split/groups", "add up to 90");
        assertProblem("{\"conditions\":[]}", "/name", "required");
        Answer unknownInPreview = post("/v1/audiences/preview", "{\"audience\":\"vips\",\"sample\":{\"size\":1,\"colour\":1}}");
        assertThat(unknownInPreview.status()).isEqualTo(400);
        assertThat(unknownInPreview.body().at("/error/code").asText()).isEqualTo("unknown_field");
        assertThat(unknownInPreview.details().findValuesAsText("path")).containsExactly("/sample/colour");
        Answer malformed = post("/v1/audiences", "{\"name\": \"x\", ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().path("error").path("code").asText()).isEqualTo("malformed_json");
        assertThat(malformed.body().path("error").path("message").asText()).contains("line 1");
    }

    private void assertProblem(String body, String pointer, String problem) {
        assertProblem(body, "invalid_request", pointer, problem);
    }

    private void assertProblem(String body, String code, String pointer, String problem) {
        Answer a = post("/v1/audiences", body);
        assertThat(a.status()).as(body).isEqualTo(400);
        assertThat(a.body().path("error").path("code").asText()).as(body).isEqualTo(code);
        assertThat(a.details().findValuesAsText("path")).as(body).contains(pointer);
        assertThat(a.details().toString()).as(body).contains(problem);
    }

    @Test
    void membershipCyclesAreRejectedOnUpdate() {
        String a = post("/v1/audiences", def("a", AudienceSqlContract.trait("vip", "is_set", null))).body().get("id").asText();
        String b = post("/v1/audiences", def("b", "{\"type\":\"audience\",\"operator\":\"in\",\"audience\":\"" + a + "\"}")).body().get("id").asText();
        Answer cycle = call(HttpRequest.PUT("/v1/audiences/" + a, def("a", "{\"type\":\"not\",\"condition\":"
                + "{\"type\":\"audience\",\"operator\":\"in\",\"audience\":\"" + b + "\"}}")), writer);
        assertThat(cycle.status()).isEqualTo(400);
        assertThat(cycle.details().get(0).get("path").asText()).isEqualTo("/conditions/0/condition/audience");
        assertThat(cycle.details().get(0).get("problem").asText()).contains(a + " -> " + b + " -> " + a);
    }

    @Test
    void aHistoryConditionOnAnAudienceNeverMaterializedIsNotReadyUntilItRuns() {
        String fresh = post("/v1/audiences", def("fresh", AudienceSqlContract.trait("vip", "is_set", null))).body().get("id").asText();
        String history = "{\"type\":\"audience\",\"operator\":\"in\",\"audience\":\"" + fresh
                + "\",\"for_at_least\":{\"amount\":30,\"unit\":\"days\"}}";
        // Saving is allowed (the audience may well run before this one does); counting is not, until it has a history.
        Answer saved = post("/v1/audiences", def("loyal", history));
        assertThat(saved.status()).as(saved.body().toString()).isEqualTo(201);
        String loyal = saved.body().get("id").asText();
        Answer early = post("/v1/audiences/preview", "{\"definition\":{\"conditions\":[" + history + "]}}");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.body().at("/error/code").asText()).isEqualTo("not_ready");
        assertThat(early.body().at("/error/message").asText()).isEqualTo("audience '" + fresh + "' has no membership history yet"
                + " (read by /definition/conditions/0): it has never been materialized, and its history starts with its first run; run it first"
                + " (weft audiences run " + fresh + ", or POST /v1/audiences/" + fresh + "/runs)");
        // Through an audience that reads it: the pointer is that audience's.
        Answer through = post("/v1/audiences/preview", "{\"definition\":{\"conditions\":[{\"type\":\"audience\",\"operator\":\"in\","
                + "\"audience\":\"" + loyal + "\"}]}}");
        assertThat(through.status()).isEqualTo(409);
        assertThat(through.body().at("/error/message").asText()).contains("(read by /conditions/0 of audience '" + loyal + "')");
        Answer run = post("/v1/audiences/" + loyal + "/runs", "");
        assertThat(run.status()).isEqualTo(409);

        assertThat(post("/v1/audiences/" + fresh + "/runs", "").status()).isEqualTo(200);
        Answer ready = post("/v1/audiences/preview", "{\"definition\":{\"conditions\":[" + history + "]}}");
        assertThat(ready.status()).as(ready.body().toString()).isEqualTo(200);
        // Just materialized: no one has been a member for 30 days yet.
        assertThat(ready.body().get("count").asLong()).isZero();
        assertThat(post("/v1/audiences/" + loyal + "/runs", "").status()).isEqualTo(200);
    }

    @Test
    void previewCountsSamplesSplitsAndShowsTheSql() {
        String conditions = AudienceSqlContract.trait("lifetime_value", "greater_than_or_equal", "100") + ","
                + "{\"type\":\"event\",\"event\":\"order_completed\",\"window\":{\"last\":{\"amount\":60,\"unit\":\"days\"}}},"
                + "{\"type\":\"audience\",\"operator\":\"not_in\",\"audience\":\"vips\"}";
        Set<String> expected = expected("{\"conditions\":[" + conditions + "]}");
        Answer a = post("/v1/audiences/preview", "{\"definition\":{\"conditions\":[" + conditions + "],\"split\":{\"name\":\"holdout\","
                + "\"groups\":[{\"name\":\"holdout\",\"percent\":10},{\"name\":\"target\",\"percent\":90}]}},"
                + "\"sample\":{\"size\":5,\"traits\":[\"email\",\"last_order_at\"]}}");
        assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
        assertThat(a.body().get("count").asLong()).isEqualTo(expected.size()).isPositive();
        JsonNode splits = a.body().get("split_counts");
        assertThat(splits.get("holdout").asLong() + splits.get("target").asLong()).isEqualTo(expected.size());
        JsonNode sample = a.body().get("sample");
        assertThat(sample).hasSize(Math.min(5, expected.size()));
        List<String> firstFive = expected.stream().limit(5).toList();
        assertThat(sample.findValuesAsText("profile_id")).containsExactlyElementsOf(firstFive);
        assertThat(sample.get(0).has("email")).isTrue();
        assertThat(sample.get(0).has("country")).isFalse();
        assertThat(a.body().get("sql").asText()).containsIgnoringCase("select").contains("profile_traits").doesNotContain("order_completed");
        assertThat(a.body().get("binds").toString()).contains("order_completed");
    }

    @Test
    void asOfChoosesWhereRelativeWindowsEndInPreviewsAndRuns() {
        String week = "{\"type\":\"event\",\"event\":\"added_to_cart\",\"window\":{\"last\":{\"amount\":7,\"unit\":\"days\"}}}";
        AudienceDefinition def = service.validate(parse("{\"conditions\":[" + week + "]}"), "", false);
        LocalDateTime latest = data.events.stream().map(AudienceTestData.Event::occurredAt).max(LocalDateTime::compareTo).orElseThrow();
        long atLatest = new ReferenceEvaluator(data, id -> null, latest).members(def).size();
        assertThat(atLatest).as("the data has carts in its last week").isPositive();
        String preview = "{\"definition\":{\"conditions\":[" + week + "]},\"sample\":{\"size\":0}";
        // The wall clock a month after the data ends, as on a demo workspace some weeks later.
        Instant monthLater = AudienceTestData.NOW.plusDays(30).toInstant(ZoneOffset.UTC);
        service.clock(Clock.fixed(monthLater, ZoneOffset.UTC));
        try {
            Answer byClock = post("/v1/audiences/preview", preview + "}");
            assertThat(byClock.status()).as(byClock.body().toString()).isEqualTo(200);
            assertThat(byClock.body().get("count").asLong()).isZero();
            assertThat(byClock.body().get("as_of").asText()).isEqualTo(monthLater.toString());

            Answer byLatest = post("/v1/audiences/preview", preview + ",\"as_of\":\"latest_event\"}");
            assertThat(byLatest.status()).as(byLatest.body().toString()).isEqualTo(200);
            assertThat(byLatest.body().get("count").asLong()).isEqualTo(atLatest);
            assertThat(Instant.parse(byLatest.body().get("as_of").asText())).isEqualTo(latest.toInstant(ZoneOffset.UTC));

            LocalDateTime monthBefore = AudienceTestData.NOW.minusDays(30);
            Answer byInstant = post("/v1/audiences/preview", preview + ",\"as_of\":\"" + monthBefore.toInstant(ZoneOffset.UTC) + "\"}");
            assertThat(byInstant.body().get("count").asLong()).isEqualTo(new ReferenceEvaluator(data, id -> null, monthBefore).members(def).size());
            assertThat(byInstant.body().get("as_of").asText()).isEqualTo(monthBefore.toInstant(ZoneOffset.UTC).toString());

            String id = post("/v1/audiences", def("weekly carts", week)).body().get("id").asText();
            Answer run = post("/v1/audiences/" + id + "/runs", "{\"as_of\":\"latest_event\"}");
            assertThat(run.status()).as(run.body().toString()).isEqualTo(200);
            assertThat(run.body().get("size").asLong()).isEqualTo(atLatest);
            assertThat(Instant.parse(run.body().get("as_of").asText())).isEqualTo(latest.toInstant(ZoneOffset.UTC));
            Answer byClockRun = post("/v1/audiences/" + id + "/runs", "");
            assertThat(byClockRun.status()).as(byClockRun.body().toString()).isEqualTo(200);
            assertThat(byClockRun.body().get("size").asLong()).isZero();
            assertThat(byClockRun.body().get("as_of").asText()).isEqualTo(monthLater.toString());
            JsonNode history = call(HttpRequest.GET("/v1/audiences/" + id + "/history"), reader).body().get("items");
            // Both runs happened at the same (fixed) clock time, so their order in the history is not defined.
            assertThat(history.findValuesAsText("as_of")).extracting(Instant::parse)
                    .containsExactlyInAnyOrder(monthLater, latest.toInstant(ZoneOffset.UTC));
        } finally {
            service.clock(Clock.fixed(AudienceTestData.NOW.toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
        }
    }

    @Test
    void invalidAsOfAnswers400WithThePointer() {
        for (String bad : List.of("\"yesterday\"", "\"2026-01-05\"", "\"latest\"")) {
            Answer preview = post("/v1/audiences/preview", "{\"audience\":\"vips\",\"as_of\":" + bad + "}");
            assertThat(preview.status()).as(bad).isEqualTo(400);
            assertThat(preview.details().findValuesAsText("path")).as(bad).containsExactly("/as_of");
            assertThat(preview.details().toString()).as(bad).contains("neither latest_event nor an ISO-8601 instant");
            Answer run = post("/v1/audiences/vips/runs", "{\"as_of\":" + bad + "}");
            assertThat(run.status()).as(bad).isEqualTo(400);
            assertThat(run.details().findValuesAsText("path")).as(bad).containsExactly("/as_of");
        }
    }

    @Test
    void runsMaterializeMembersAndRecordSizeHistory() {
        String first = def("shoppers", "{\"type\":\"event\",\"event\":\"added_to_cart\"}");
        String id = post("/v1/audiences", first).body().get("id").asText();
        assertThat(post("/v1/audiences/" + id + "/runs", "").status()).isEqualTo(200);
        Set<String> before = expected(first);
        assertThat(members(id)).isEqualTo(before);

        String second = def("shoppers with hats", "{\"type\":\"event\",\"event\":\"added_to_cart\"}",
                "{\"type\":\"event\",\"event\":\"page_viewed\",\"where\":[{\"property\":\"category\",\"operator\":\"equals\",\"value\":\"hats\"}]}",
                "{\"type\":\"or\",\"conditions\":[" + AudienceSqlContract.trait("country", "in", "[\"DE\",\"FR\",\"US\"]") + ",{\"type\":\"event\",\"event\":\"order_completed\"}]}");
        assertThat(call(HttpRequest.PUT("/v1/audiences/" + id, second), writer).status()).isEqualTo(200);
        // A later run (the second definition has no relative time, so the answer does not move with the clock).
        service.clock(Clock.fixed(AudienceTestData.NOW.plusMinutes(5).toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
        Answer run = post("/v1/audiences/" + id + "/runs", "");
        Set<String> after = expected(second);
        assertThat(members(id)).isEqualTo(after);
        Set<String> left = new TreeSet<>(before);
        left.removeAll(after);
        Set<String> entered = new TreeSet<>(after);
        entered.removeAll(before);
        assertThat(run.body().get("exited").asLong()).isEqualTo(left.size()).isPositive();
        assertThat(run.body().get("entered").asLong()).isEqualTo(entered.size());
        assertThat(meters.get("weft.audience.size").tag("audience", id).gauge().value()).as("the size gauge follows the latest run")
                .isEqualTo(after.size());

        Answer history = call(HttpRequest.GET("/v1/audiences/" + id + "/history"), reader);
        assertThat(history.body().get("next").isNull()).isTrue();
        assertThat(history.body().get("items")).hasSize(2);
        assertThat(history.body().get("items").get(0).get("size").asLong()).isEqualTo(after.size());
        assertThat(history.body().get("items").get(0).get("version").asInt()).isEqualTo(2);
        assertThat(history.body().get("items").get(1).get("size").asLong()).isEqualTo(before.size());
        assertThat(history.body().get("items").get(1).get("entered").asLong()).isEqualTo(before.size());
        service.clock(Clock.fixed(AudienceTestData.NOW.toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
    }

    private Set<String> members(String id) {
        return new TreeSet<>(warehouses.primary().queryList("SELECT profile_id FROM weft_audience_members WHERE audience_id = ?",
                List.of(id), r -> r.getString(0)));
    }

    @Test
    void overlapGivesPairwiseIntersectionsAndUniqueMembers() {
        String a = def("a", AudienceSqlContract.trait("country", "in", "[\"DE\",\"FR\"]"));
        String b = def("b", "{\"type\":\"event\",\"event\":\"order_completed\"}");
        String idA = post("/v1/audiences", a).body().get("id").asText();
        String idB = post("/v1/audiences", b).body().get("id").asText();
        Set<String> sa = expected(a);
        Set<String> sb = expected(b);
        Set<String> sc = expected(def("vips", AudienceSqlContract.trait("vip", "equals", "true")));
        Answer o = post("/v1/audiences/overlap", "{\"audiences\":[\"" + idA + "\",\"" + idB + "\",\"vips\"]}");
        assertThat(o.status()).as(o.body().toString()).isEqualTo(200);
        assertThat(o.body().path("sizes").path(idA).asLong()).isEqualTo(sa.size());
        Map<String, Long> pairs = new HashMap<>();
        o.body().get("pairs").forEach(p -> pairs.put(p.get("a").asText() + "&" + p.get("b").asText(), p.get("both").asLong()));
        assertThat(pairs.get(idA + "&" + idB)).isEqualTo(intersect(sa, sb));
        assertThat(pairs.get(idA + "&vips")).isEqualTo(intersect(sa, sc));
        assertThat(pairs.get(idB + "&vips")).isEqualTo(intersect(sb, sc));
        Set<String> onlyB = new TreeSet<>(sb);
        onlyB.removeAll(sa);
        onlyB.removeAll(sc);
        assertThat(o.body().path("unique").path(idB).asLong()).isEqualTo(onlyB.size()).isPositive();
        assertThat(post("/v1/audiences/overlap", "{\"audiences\":[\"" + idA + "\"]}").status()).isEqualTo(400);
        Answer unknown = post("/v1/audiences/overlap", "{\"audiences\":[\"" + idA + "\",\"ghost\"]}");
        assertThat(unknown.details().get(0).get("path").asText()).isEqualTo("/audiences/1");
    }

    @Inject
    PipelineDemoStep demoStep;
    @Inject
    io.micronaut.context.ApplicationContext context;

    @Test
    void exportWritesApiAudiencesAsFilesAndDiffReadsThem() throws IOException {
        String id = post("/v1/audiences", def("exported", AudienceSqlContract.trait("country", "equals", "\"FR\""))).body().get("id").asText();
        assertThat(post("/v1/audiences/" + id + "/runs", "").status()).isEqualTo(200);
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(AudiencesCommand.class, new io.micronaut.configuration.picocli.MicronautFactory(context));
        cli.setOut(new java.io.PrintWriter(out, true));
        Path file = workspace.resolve("audiences").resolve(id + ".json");
        try {
            assertThat(cli.execute("export")).isZero();
            assertThat(out.toString()).contains("audiences/" + id + ".json");
            assertThat(parse(Files.readString(file)).path("conditions").get(0).path("value").asText()).isEqualTo("FR");
            assertThat(call(HttpRequest.GET("/v1/audiences/" + id), reader).body().get("source").asText()).isEqualTo("git");
            Files.writeString(file, def("exported", AudienceSqlContract.trait("country", "in", "[\"FR\",\"DE\"]")));
            out.getBuffer().setLength(0);
            assertThat(cli.execute("diff", file.toString())).isZero();
            long fr = expected(def("x", AudienceSqlContract.trait("country", "equals", "\"FR\""))).size();
            long de = expected(def("x", AudienceSqlContract.trait("country", "equals", "\"DE\""))).size();
            assertThat(out.toString()).contains(String.format("size      %,d -> %,d", fr, fr + de))
                    .contains(String.format("entering  %,d", de)).contains("leaving   0");
        } finally {
            try (var files = Files.list(workspace.resolve("audiences"))) {
                for (Path f : files.filter(f -> !f.getFileName().toString().equals("vips.json")).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    @Test
    void demoStepMaterializesTheGitAudiencesAndPrintsTheirSizes() {
        java.io.StringWriter text = new java.io.StringWriter();
        demoStep.run(new dev.weft.demo.DemoRun(warehouses.primary(), new java.io.PrintWriter(text, true)));
        long vips = expected(def("vips", AudienceSqlContract.trait("vip", "equals", "true"))).size();
        assertThat(text.toString()).containsPattern("vips\\s+" + vips + " profiles");
        assertThat(members("vips")).hasSize((int) vips);
    }

    @Test
    void diffCountsProfilesEnteringAndLeavingAndSamplesTheFirstOfEachWithTheirTraits() {
        String before = def("germans", AudienceSqlContract.trait("country", "equals", "\"DE\""));
        String after = def("germans and vips", "{\"type\":\"or\",\"conditions\":[" + AudienceSqlContract.trait("country", "equals", "\"DE\"")
                + "," + AudienceSqlContract.trait("vip", "equals", "true") + "]}", AudienceSqlContract.trait("lifetime_value", "greater_than", "50"));
        String id = post("/v1/audiences", before).body().get("id").asText();
        Set<String> b = expected(before);
        Set<String> a = expected(after);
        AudiencePreviews.Diff d = previews.diff(id, parse(after), 3, List.of("country"));
        assertThat(d.exists()).isTrue();
        assertThat(d.sizeBefore()).isEqualTo(b.size());
        assertThat(d.sizeAfter()).isEqualTo(a.size());
        assertThat(d.entering()).isEqualTo(a.stream().filter(x -> !b.contains(x)).count()).isPositive();
        assertThat(d.leaving()).isEqualTo(b.stream().filter(x -> !a.contains(x)).count()).isPositive();
        assertThat(d.joiningSample()).extracting(m -> m.get("profile_id"))
                .containsExactlyElementsOf(a.stream().filter(x -> !b.contains(x)).sorted().limit(3).toList());
        assertThat(d.leavingSample()).extracting(m -> m.get("profile_id"))
                .containsExactlyElementsOf(b.stream().filter(x -> !a.contains(x)).sorted().limit(3).toList());
        // Those leaving were all Germans; each sampled profile carries the trait asked for, and only it.
        assertThat(d.leavingSample()).allSatisfy(m -> assertThat(m).containsOnlyKeys("profile_id", "country").containsEntry("country", "DE"));
        AudiencePreviews.Diff created = previews.diff("brand-new", parse(after), 3, List.of());
        assertThat(created.exists()).isFalse();
        assertThat(created.entering()).isEqualTo(a.size());
        assertThat(created.joiningSample()).extracting(m -> m.get("profile_id")).containsExactlyElementsOf(a.stream().sorted().limit(3).toList());
        assertThat(created.leavingSample()).isEmpty();
    }

    private static long intersect(Set<String> a, Set<String> b) {
        return a.stream().filter(b::contains).count();
    }

    /**
     * Hostile strings in every field and every key of a definition exercising every condition type:
     * the API answers 200 or 4xx, never 500, and the warehouse is untouched.
     */
    @Test
    void hostileStringsInEveryFieldNeverReachTheSqlText() {
        String full = "{\"name\":\"n\",\"description\":\"d\",\"conditions\":["
                + AudienceSqlContract.trait("country", "in", "[\"DE\",\"FR\"]") + ","
                + AudienceSqlContract.trait("email", "contains", "\"@\"") + ","
                + "{\"type\":\"or\",\"conditions\":[{\"type\":\"not\",\"condition\":" + AudienceSqlContract.trait("last_order_at", "within_last", "{\"amount\":3,\"unit\":\"months\"}") + "},"
                + AudienceSqlContract.trait("lifetime_value", "between", "{\"from\":1,\"to\":500}") + "]},"
                + "{\"type\":\"event\",\"event\":\"order_completed\",\"where\":[{\"property\":\"category\",\"operator\":\"equals\",\"value\":\"hats\"}],"
                + "\"count\":{\"operator\":\"at_least\",\"value\":1},\"window\":{\"between\":{\"from\":\"2025-01-01\",\"to\":\"2025-06-01\"}},"
                + "\"aggregate\":{\"function\":\"sum\",\"property\":\"revenue\",\"operator\":\"greater_than\",\"value\":10}},"
                + "{\"type\":\"audience\",\"operator\":\"not_in\",\"audience\":\"vips\"}],"
                + "\"split\":{\"name\":\"s\",\"groups\":[{\"name\":\"a\",\"percent\":50},{\"name\":\"b\",\"percent\":50}]}}";
        List<String> hostile = List.of("x'); DROP TABLE sentinel; --", "\" OR 1=1 --", "profile_id) OR (1=1",
                "$.category') OR 1=1 --", "`; DELETE FROM sentinel; --", "\\'\u0000%_", "{{ d.quote('x') }}");
        JsonNode base = parse(full);
        assertThat(post("/v1/audiences/preview", "{\"definition\":" + full + "}").status()).isEqualTo(200);
        int calls = 0;
        for (String pointer : leaves(base, "")) {
            for (String evil : hostile) {
                for (boolean asKey : new boolean[]{false, true}) {
                    JsonNode mutated = mutate(base.deepCopy(), pointer, evil, asKey);
                    Answer a = post("/v1/audiences/preview", "{\"definition\":" + mutated + "}");
                    calls++;
                    assertThat(a.status()).as(pointer + " <- " + evil + " " + a.body()).isIn(200, 400);
                    if (a.status() == 200) {
                        assertThat(a.body().get("sql").asText()).as(pointer).doesNotContain(evil);
                    }
                }
            }
        }
        assertThat(calls).isGreaterThan(200);
        assertThat(warehouses.primary().queryLong("SELECT count(*) FROM sentinel")).contains(1L);
        // A hostile value that is valid is compared as data: nobody has that country.
        Answer asData = post("/v1/audiences/preview", "{\"definition\":{\"conditions\":["
                + AudienceSqlContract.trait("country", "equals", JSON.valueToTree(hostile.get(0)).toString()) + "]}}");
        assertThat(asData.body().get("count").asLong()).isZero();
    }

    /** JSON Pointers of every scalar leaf. */
    private static List<String> leaves(JsonNode node, String at) {
        List<String> out = new java.util.ArrayList<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> out.addAll(leaves(e.getValue(), at + "/" + e.getKey())));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.addAll(leaves(node.get(i), at + "/" + i));
            }
        } else {
            out.add(at);
        }
        return out;
    }

    /** Replaces the leaf at pointer with the string, or (asKey) renames its field to the string. */
    private static JsonNode mutate(JsonNode root, String pointer, String evil, boolean asKey) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        if (parent.isObject()) {
            ObjectNode o = (ObjectNode) parent;
            if (asKey) {
                o.set(evil, o.remove(last));
            } else {
                o.put(last, evil);
            }
        } else {
            ((com.fasterxml.jackson.databind.node.ArrayNode) parent).set(Integer.parseInt(last), JSON.getNodeFactory().textNode(evil));
        }
        return root;
    }
}
