package dev.weft.audiences;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.demo.PipelineDemoStep;
import dev.weft.store.Store;
import dev.weft.testing.TestTokens;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.Warehouses;
import io.micronaut.configuration.picocli.MicronautFactory;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What adversarial testing found in audiences, through the REST API and the CLI on a real engine: one
 * bad audience never blocks the others, definitions are bounded, the NUL character is refused at the
 * door, and a warehouse failure never shows SQL. One subclass per engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AudienceSafetyContract implements TestPropertyProvider {

    static final ObjectMapper JSON = new ObjectMapper();

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
    ApplicationContext context;

    Path workspace;
    AudienceTestData data;
    String writer;
    String reader;

    /** The warehouse {@code local} on this engine, as properties. */
    protected abstract Map<String, String> warehouseProperties(Path workspace);

    @Override
    public Map<String, String> getProperties() {
        try {
            workspace = Files.createTempDirectory("weft-aud-safety");
            Path dir = Files.createDirectories(workspace.resolve("audiences"));
            Files.writeString(dir.resolve("aa-vips.json"), def("VIPs", AudienceSqlContract.trait("vip", "equals", "true")));
            Files.writeString(dir.resolve("bb-broken.json"), "{\"name\": \"broken\",\n  \"conditions\": [}\n");
            Files.writeString(dir.resolve("cc-unknown-column.json"), def("shoe sizes", AudienceSqlContract.trait("shoe_size", "equals", "42")));
            Files.writeString(dir.resolve("dd-nul.json"), def("NUL", AudienceSqlContract.trait("country", "equals", "\"D\\u0000E\"")));
            Files.writeString(dir.resolve("ee-germans.json"), def("Germans", AudienceSqlContract.trait("country", "equals", "\"DE\"")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> properties = new HashMap<>(warehouseProperties(workspace));
        properties.put("weft.workspace", workspace.toString());
        properties.put("micronaut.server.port", "-1");
        return properties;
    }

    @BeforeAll
    void load() {
        data = new AudienceTestData(300, 11);
        data.load(warehouses.primary());
        service.clock(Clock.fixed(AudienceTestData.NOW.toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
        writer = TestTokens.create(store, "marketer", "audiences:read", "audiences:write");
        reader = TestTokens.create(store, "viewer", "audiences:read");
    }

    record Answer(int status, JsonNode body) {
        JsonNode error() {
            return body.path("error");
        }

        List<String> pointers() {
            return error().path("details").findValuesAsText("path");
        }
    }

    Answer call(MutableHttpRequest<?> request, String token) {
        request.bearerAuth(token);
        try {
            HttpResponse<String> r = client.toBlocking().exchange(request.contentType(MediaType.APPLICATION_JSON_TYPE), String.class);
            return new Answer(r.getStatus().getCode(), parse(r.body()));
        } catch (HttpClientResponseException e) {
            return new Answer(e.getStatus().getCode(), parse(e.getResponse().getBody(String.class).orElse("")));
        }
    }

    Answer post(String path, String body) {
        return call(HttpRequest.POST(path, body), writer);
    }

    Answer get(String path) {
        return call(HttpRequest.GET(path), reader);
    }

    static JsonNode parse(String s) {
        try {
            return s == null || s.isEmpty() ? JSON.nullNode() : JSON.readTree(s);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    static String def(String name, String... conditions) {
        return "{\"name\":\"" + name + "\",\"conditions\":[" + String.join(",", conditions) + "]}";
    }

    private Set<String> members(String id) {
        return new TreeSet<>(warehouses.primary().queryList("SELECT profile_id FROM weft_audience_members WHERE audience_id = ?",
                List.of(id), r -> r.getString(0)));
    }

    private Set<String> expected(String definitionJson) {
        AudienceDefinition def = service.validate(parse(definitionJson), "", false);
        return new ReferenceEvaluator(data, id -> service.definitionOf(service.get(id))).members(def);
    }

    private Map<String, JsonNode> listed() {
        Answer list = get("/v1/audiences");
        assertThat(list.status()).as(list.body().toString()).isEqualTo(200);
        Map<String, JsonNode> byId = new HashMap<>();
        assertThat(list.body().get("next").isNull()).isTrue();
        list.body().get("items").forEach(a -> byId.put(a.get("id").asText(), a));
        return byId;
    }

    @Test
    void oneBadAudienceNeverBlocksTheOthers() {
        String apiId = post("/v1/audiences", def("French", AudienceSqlContract.trait("country", "equals", "\"FR\""))).body().get("id").asText();

        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(AudiencesCommand.class, new MicronautFactory(context));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        int exit = cli.execute("run");

        assertThat(exit).as("some audiences failed, after all were tried").isNotZero();
        Set<String> vips = expected(def("v", AudienceSqlContract.trait("vip", "equals", "true")));
        Set<String> germans = expected(def("g", AudienceSqlContract.trait("country", "equals", "\"DE\"")));
        Set<String> french = expected(def("f", AudienceSqlContract.trait("country", "equals", "\"FR\"")));
        assertThat(members("aa-vips")).isNotEmpty().isEqualTo(vips);
        assertThat(members("ee-germans")).isNotEmpty().isEqualTo(germans);
        assertThat(members(apiId)).isNotEmpty().isEqualTo(french);
        assertThat(out.toString())
                .containsPattern("ee-germans\\s+" + germans.size() + " members")
                .containsPattern("bb-broken\\s+FAILED: .*audiences/bb-broken.json line 2 column \\d+: not valid JSON")
                .containsPattern("cc-unknown-column\\s+FAILED: .*/conditions/0/column: no column 'shoe_size'")
                .containsPattern("dd-nul\\s+FAILED: .*/conditions/0/value: must not contain the NUL character");

        Map<String, JsonNode> list = listed();
        assertThat(list.get("bb-broken").path("invalid").asText()).contains("audiences/bb-broken.json line 2 column");
        assertThat(list.get("bb-broken").path("last_run").path("status").asText()).isEqualTo("failed");
        assertThat(list.get("aa-vips").path("invalid").isMissingNode() || list.get("aa-vips").path("invalid").isNull()).isTrue();
        assertThat(list.get("aa-vips").path("last_run").path("status").asText()).isEqualTo("succeeded");
        assertThat(list.get("aa-vips").path("last_run").path("size").asLong()).isEqualTo(vips.size());
        assertThat(list.get(apiId).path("last_run").path("status").asText()).isEqualTo("succeeded");
        assertThat(list.get("cc-unknown-column").path("last_run").path("status").asText()).isEqualTo("failed");
        assertThat(list.get("cc-unknown-column").path("last_run").path("error").asText()).contains("/conditions/0/column", "shoe_size");
        assertThat(list.get("dd-nul").path("last_run").path("error").asText()).contains("/conditions/0/value", "NUL");

        StringWriter listing = new StringWriter();
        cli.setOut(new PrintWriter(listing, true));
        assertThat(cli.execute("list")).isZero();
        assertThat(listing.toString()).containsPattern("bb-broken\\s+git\\s+INVALID\\s+audiences/bb-broken.json line 2")
                .containsPattern("cc-unknown-column .*last run FAILED: .*shoe_size")
                .containsPattern("aa-vips .*last run ok, " + vips.size() + " members");

        Answer broken = get("/v1/audiences/bb-broken");
        assertThat(broken.status()).isEqualTo(409);
        assertThat(broken.error().path("code").asText()).isEqualTo("invalid_audience");
        assertThat(broken.error().path("message").asText()).contains("audiences/bb-broken.json line 2 column");
        assertThat(get("/v1/audiences/aa-vips").status()).isEqualTo(200);
        assertThat(get("/v1/audiences/bb-broken/history").status()).isEqualTo(200);

        // The runs route: the failing one answers for itself, and is recorded; the next still runs.
        Answer failed = post("/v1/audiences/cc-unknown-column/runs", "");
        assertThat(failed.status()).isEqualTo(409);
        assertThat(failed.pointers()).contains("/conditions/0/column");
        assertThat(post("/v1/audiences/ee-germans/runs", "").status()).isEqualTo(200);
        // The demo's step is the same loop: it prints the failures and goes on.
        StringWriter demo = new StringWriter();
        context.getBean(PipelineDemoStep.class).run(new dev.weft.demo.DemoRun(warehouses.primary(), new PrintWriter(demo, true)));
        assertThat(demo.toString()).containsPattern("aa-vips\\s+" + vips.size() + " profiles").containsPattern("bb-broken\\s+FAILED");
    }

    @Test
    void theNulCharacterIsRefusedAtTheDoorWithAPointer() {
        Answer value = post("/v1/audiences", def("n", AudienceSqlContract.trait("country", "equals", "\"D\\u0000E\"")));
        assertThat(value.status()).isEqualTo(400);
        assertThat(value.pointers()).containsExactly("/conditions/0/value");
        assertThat(value.error().path("details").get(0).path("problem").asText()).contains("NUL");

        Answer inList = post("/v1/audiences/preview", "{\"definition\":" + def("n",
                AudienceSqlContract.trait("country", "in", "[\"DE\",\"F\\u0000R\"]")) + "}");
        assertThat(inList.status()).isEqualTo(400);
        assertThat(inList.pointers()).containsExactly("/definition/conditions/0/value/1");

        Answer property = post("/v1/audiences/preview", "{\"definition\":{\"conditions\":[{\"type\":\"event\",\"event\":\"page_viewed\","
                + "\"where\":[{\"property\":\"category\",\"operator\":\"equals\",\"value\":\"\\u0000\"}]}]}}");
        assertThat(property.status()).isEqualTo(400);
        assertThat(property.pointers()).containsExactly("/definition/conditions/0/where/0/value");

        Answer overlap = post("/v1/audiences/overlap", "{\"audiences\":[\"aa-vips\",\"ee\\u0000\"]}");
        assertThat(overlap.status()).isEqualTo(400);
        assertThat(overlap.pointers()).containsExactly("/audiences/1");
        assertThat(get("/v1/audiences/aa%00vips").status()).isEqualTo(404);
    }

    @Test
    void definitionsAreBoundedWithAPointerToTheNodeOverTheBound() {
        String country = AudienceSqlContract.trait("country", "is_set", null);
        String fiftyOne = def("many", IntStream.range(0, 51).mapToObj(i -> country).toArray(String[]::new));
        Answer many = post("/v1/audiences/preview", "{\"definition\":" + fiftyOne + "}");
        assertThat(many.status()).isEqualTo(400);
        assertThat(many.pointers()).containsExactly("/definition/conditions");

        // 30 groups of one condition each: the 26th group is the 51st condition, the one pointed at.
        String pair = "{\"type\":\"and\",\"conditions\":[" + country + "]}";
        Answer nested = post("/v1/audiences/preview", "{\"definition\":" + def("nested",
                IntStream.range(0, 30).mapToObj(i -> pair).toArray(String[]::new)) + "}");
        assertThat(nested.status()).isEqualTo(400);
        assertThat(nested.pointers()).containsExactly("/definition/conditions/25");

        String deep = country;
        for (int i = 0; i < 10; i++) {
            deep = "{\"type\":\"not\",\"condition\":" + deep + "}";
        }
        Answer tooDeep = post("/v1/audiences/preview", "{\"definition\":" + def("deep", deep) + "}");
        assertThat(tooDeep.status()).isEqualTo(400);
        assertThat(tooDeep.pointers()).singleElement().asString().startsWith("/definition/conditions/0/condition/condition")
                .endsWith("/condition");
        assertThat(tooDeep.error().path("details").get(0).path("problem").asText()).contains("10 levels");

        // A chain of audiences, each referring to the one before twice: references double at every link. Each
        // saves (the last one resolves 2 + 4 + 8 = 14 references); referring to the last one twice resolves 30.
        String previous = "aa-vips";
        for (int i = 0; i < 3; i++) {
            String ref = "{\"type\":\"audience\",\"operator\":\"in\",\"audience\":\"" + previous + "\"}";
            previous = post("/v1/audiences", def("chain " + i, ref, "{\"type\":\"not\",\"condition\":{\"type\":\"audience\","
                    + "\"operator\":\"not_in\",\"audience\":\"" + previous + "\"}}")).body().get("id").asText();
        }
        String last = "{\"type\":\"audience\",\"operator\":\"in\",\"audience\":\"" + previous + "\"}";
        assertThat(post("/v1/audiences/preview", "{\"definition\":" + def("refs", last) + "}").status()).isEqualTo(200);
        Answer tooMany = post("/v1/audiences/preview", "{\"definition\":" + def("refs", last, last) + "}");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.pointers()).as("the reference whose resolution passed the bound").containsExactly("/definition/conditions/1/audience");
        assertThat(tooMany.error().path("details").get(0).path("problem").asText()).contains("more than 20 audience references");
    }

    @Test
    void aWarehouseFailureNeverShowsTheStatementOrTheEnginesWords() {
        String id = post("/v1/audiences", def("hats", AudienceSqlContract.trait("country", "equals", "\"DE\""))).body().get("id").asText();
        String preview = "{\"definition\":" + def("p", AudienceSqlContract.trait("lifetime_value", "greater_than", "100")) + "}";
        assertThat(post("/v1/audiences/preview", preview).status()).isEqualTo(200); // the catalogue is read now, and kept
        Warehouse w = warehouses.primary();
        w.execute("ALTER TABLE profile_traits RENAME TO profile_traits_away");
        List<Answer> answers = new ArrayList<>();
        try {
            answers.add(post("/v1/audiences/preview", preview));
            answers.add(post("/v1/audiences/" + id + "/runs", ""));
        } finally {
            w.execute("ALTER TABLE profile_traits_away RENAME TO profile_traits");
        }
        for (Answer a : answers) {
            assertThat(a.status()).as(a.body().toString()).isEqualTo(500);
            assertThat(a.error().path("code").asText()).isEqualTo("warehouse_error");
            assertThat(a.body().toString()).as("no SQL, no engine message")
                    .doesNotContainIgnoringCase("select").doesNotContainIgnoringCase("where")
                    .doesNotContain("profile_traits").doesNotContain("lifetime_value").doesNotContainIgnoringCase("does not exist");
        }
        JsonNode lastRun = listed().get(id).path("last_run");
        assertThat(lastRun.path("status").asText()).isEqualTo("failed");
        assertThat(lastRun.path("error").asText()).contains("error id").doesNotContainIgnoringCase("select")
                .doesNotContain("profile_traits");
    }
}
