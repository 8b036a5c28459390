package dev.weft.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.store.Store;
import dev.weft.testing.TestDuckDb;
import dev.weft.testing.TestTokens;
import dev.weft.warehouse.BulkWriter;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.Warehouses;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /v1/profiles} and {@code /v1/identity/explain} on a real engine after a real identity run, with a
 * 2 s interactive time limit. One subclass per engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IdentityControllerContract implements TestPropertyProvider {

    private static final String NODES = IdentityTables.LIVE.nodes();
    private final Path workspace = tempWorkspace();

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    Store store;
    @Inject
    Warehouses warehouses;
    @Inject
    IdentityService identity;
    @Inject
    MeterRegistry meters;

    private final ObjectMapper json = new ObjectMapper();
    private IdentityPipeline.Result seeded;

    /** The warehouse {@code local} on this engine, as properties. */
    protected abstract Map<String, String> warehouseProperties(Path workspace);

    /** A view named {@code view} over every row of {@code table} that runs for minutes. */
    protected abstract String createSlowView(String view, String table);

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(warehouseProperties(workspace));
        properties.put("weft.workspace", workspace.toString());
        properties.put("weft.interactive-timeout", "2s");
        return properties;
    }

    private static Path tempWorkspace() {
        try {
            Path dir = Files.createTempDirectory("weft-identity-api");
            Files.createDirectories(dir.resolve("identity-graph"));
            Files.writeString(dir.resolve("identity-graph/identity.yml"), IdentityPipelineContract.CONFIG);
            TestDuckDb.init(dir, null);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    void seed() {
        Warehouse wh = warehouses.primary();
        wh.createTable("raw_events", List.of(new Column("event_id", ColumnType.VARCHAR), new Column("anonymous_id", ColumnType.VARCHAR),
                new Column("user_id", ColumnType.VARCHAR), new Column("device_id", ColumnType.VARCHAR),
                new Column("occurred_at", ColumnType.TIMESTAMP)), true);
        wh.createTable("raw_contacts", List.of(new Column("contact_id", ColumnType.VARCHAR), new Column("email", ColumnType.VARCHAR),
                new Column("phone", ColumnType.VARCHAR), new Column("user_id", ColumnType.VARCHAR),
                new Column("updated_at", ColumnType.TIMESTAMP)), true);
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        try (BulkWriter w = wh.bulkWriter("raw_events", List.of("event_id", "anonymous_id", "user_id", "device_id", "occurred_at"))) {
            w.append("ev1", "abc", null, null, t);
            w.append("ev2", "abc", "u1", null, t.plusSeconds(10));
            w.append("ev3", "zzz", "u2", null, t.plusSeconds(20));
        }
        try (BulkWriter w = wh.bulkWriter("raw_contacts", List.of("contact_id", "email", "phone", "user_id", "updated_at"))) {
            w.append("crm-7", "A@X.com", null, "u1", t.plusSeconds(30));
        }
        seeded = identity.run(true, m -> { });
    }

    private JsonNode get(String path, String token) {
        try {
            HttpRequest<?> request = HttpRequest.GET(path);
            if (token != null) {
                request = ((io.micronaut.http.MutableHttpRequest<?>) request).bearerAuth(token);
            }
            return json.readTree(client.toBlocking().retrieve(request, String.class));
        } catch (HttpClientResponseException e) {
            JsonNode body;
            try {
                body = json.readTree(e.getResponse().getBody(String.class).orElse("{}"));
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
            return json.createObjectNode().put("status", e.getStatus().getCode()).set("body", body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request's status and JSON body (the error's body for a refusal). */
    private JsonNode send(io.micronaut.http.MutableHttpRequest<?> request, String token) {
        try {
            io.micronaut.http.HttpResponse<String> r = client.toBlocking().exchange(request.bearerAuth(token), String.class);
            return json.createObjectNode().put("status", r.getStatus().getCode()).put("location", r.getHeaders().get("Location"))
                    .set("body", json.readTree(r.body()));
        } catch (HttpClientResponseException e) {
            try {
                return json.createObjectNode().put("status", e.getStatus().getCode())
                        .set("body", json.readTree(e.getResponse().getBody(String.class).orElse("{}")));
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void theSeedingRunIsInTheIdentityMeters() {
        long profiles = IdentityStatements.count(warehouses.primary(), IdentityTables.LIVE.profiles());
        assertThat(meters.get("weft.identity.runs").tags("status", "succeeded", "mode", "full").counter().count()).isEqualTo(1.0);
        assertThat(meters.get("weft.identity.run.duration").tags("status", "succeeded", "mode", "full").timer().count()).isEqualTo(1);
        assertThat(meters.get("weft.identity.profiles").gauge().value()).isEqualTo(profiles).isPositive();
        assertThat(meters.get("weft.identity.last.rounds").gauge().value()).isEqualTo(seeded.rounds());
        assertThat(meters.get("weft.identity.last.scope.identifiers").gauge().value()).isEqualTo(seeded.scopeNodes()).isPositive();
        assertThat(meters.get("weft.identity.profile.changes").tag("change", "new").counter().count()).isEqualTo(profiles);
    }

    @Test
    void profileByAnyIdentifierNormalizedLikeTheGraph() {
        String token = TestTokens.create(store, "reader", "identity:read");
        JsonNode p = get("/v1/profiles/email/" + q(" a@x.COM ").replace("+", "%20"), token);
        assertThat(p.path("profile_id").asText()).startsWith("p1_");
        assertThat(p.path("identifiers").findValuesAsText("value")).containsExactlyInAnyOrder("abc", "u1", "a@x.com");
        assertThat(p.path("summary").path("identifier_count").asLong()).isEqualTo(3);
        assertThat(p.path("changes").get(0).path("change").asText()).isEqualTo("NEW");
        assertThat(Instant.parse(p.path("changes").get(0).path("changed_at").asText())).as("an ISO-8601 UTC time").isBefore(Instant.now());

        JsonNode missing = get("/v1/profiles/email/" + q("nobody@x.com"), token);
        assertThat(missing.path("status").asInt()).isEqualTo(404);
        JsonNode badType = get("/v1/profiles/shoe_size/42", token);
        assertThat(badType.path("status").asInt()).isEqualTo(400);
        assertThat(badType.path("body").path("error").path("details").get(0).path("path").asText()).isEqualTo("/type");
    }

    @Test
    void explainGivesThePathWithProvenanceOrNotLinked() {
        String token = TestTokens.create(store, "reader", "identity:read");
        JsonNode e = get("/v1/identity/explain?from=" + q("email:a@x.com") + "&to=" + q("anonymous_id:abc"), token);
        assertThat(e.path("linked").asBoolean()).isTrue();
        assertThat(e.path("path")).hasSize(2);
        assertThat(e.path("path").get(0).path("from").path("value").asText()).isEqualTo("a@x.com");
        assertThat(e.path("path").get(0).path("provenance").get(0).path("source").asText()).isEqualTo("contacts");
        assertThat(e.path("path").get(0).path("provenance").get(0).path("row_key").asText()).isEqualTo("crm-7");
        assertThat(e.path("path").get(1).path("provenance").get(0).path("row_key").asText()).isEqualTo("ev2");

        JsonNode apart = get("/v1/identity/explain?from=" + q("user_id:u1") + "&to=" + q("user_id:u2"), token);
        assertThat(apart.path("linked").asBoolean()).isFalse();
        assertThat(apart.path("reason").asText()).startsWith("not linked: user_id:u1 is in profile");

        JsonNode bad = get("/v1/identity/explain?from=" + q("nocolon") + "&to=" + q("user_id:u2"), token);
        assertThat(bad.path("status").asInt()).isEqualTo(400);
        assertThat(bad.path("body").path("error").path("details").get(0).path("path").asText()).isEqualTo("/from");
    }

    @Test
    void needsTheIdentityReadScope() {
        assertThat(get("/v1/profiles/email/a%40x.com", null).path("status").asInt()).isEqualTo(401);
        String wrong = TestTokens.create(store, "other", "audiences:read");
        assertThat(get("/v1/profiles/email/a%40x.com", wrong).path("status").asInt()).isEqualTo(403);
    }

    private JsonNode error(JsonNode answer) {
        return answer.path("body").path("error");
    }

    @Test
    void emptyValuesInExplainAnswer400PointingAtTheParameter() {
        String token = TestTokens.create(store, "reader", "identity:read");
        JsonNode both = get("/v1/identity/explain?from=" + q("email:") + "&to=" + q("email:"), token);
        assertThat(both.path("status").asInt()).isEqualTo(400);
        assertThat(error(both).path("details").get(0).path("path").asText()).isEqualTo("/from");
        assertThat(error(both).path("details").get(0).path("problem").asText()).contains("no value");
        JsonNode to = get("/v1/identity/explain?from=" + q("email:a@x.com") + "&to=" + q("anonymous_id:"), token);
        assertThat(to.path("status").asInt()).isEqualTo(400);
        assertThat(error(to).path("details").get(0).path("path").asText()).isEqualTo("/to");
        // A value the type's normalization turns into nothing names no identifier.
        JsonNode blank = get("/v1/identity/explain?from=" + q("email:   ") + "&to=" + q("email:a@x.com"), token);
        assertThat(blank.path("status").asInt()).isEqualTo(404);
        assertThat(error(blank).path("message").asText()).contains("normalizes to nothing");
    }

    @Test
    void theNulCharacterIsRefusedAtTheDoorWithAPointer() {
        String token = TestTokens.create(store, "reader", "identity:read");
        JsonNode profile = get("/v1/profiles/email/a%00x.com", token);
        assertThat(profile.path("status").asInt()).isEqualTo(400);
        assertThat(error(profile).path("details").get(0).path("path").asText()).isEqualTo("/value");
        assertThat(error(profile).path("details").get(0).path("problem").asText()).contains("NUL");
        JsonNode explain = get("/v1/identity/explain?from=" + q("email:a@x.com") + "&to=" + q("anonymous_id:a\u0000bc"), token);
        assertThat(explain.path("status").asInt()).isEqualTo(400);
        assertThat(error(explain).path("details").get(0).path("path").asText()).isEqualTo("/to");
    }

    @Test
    void aWarehouseFailureOrALookupOverTheTimeLimitNeverShowsSql() {
        String token = TestTokens.create(store, "reader", "identity:read");
        Warehouse wh = warehouses.primary();
        List<JsonNode> failed = new java.util.ArrayList<>();
        List<JsonNode> stopped = new java.util.ArrayList<>();
        wh.execute("ALTER TABLE " + NODES + " RENAME TO " + NODES + "_kept");
        try {
            failed.add(get("/v1/profiles/email/" + q("a@x.com"), token));
            failed.add(get("/v1/identity/explain?from=" + q("email:a@x.com") + "&to=" + q("anonymous_id:abc"), token));
            wh.execute(createSlowView(NODES, NODES + "_kept"));
            try {
                stopped.add(get("/v1/profiles/email/" + q("a@x.com"), token));
                stopped.add(get("/v1/identity/explain?from=" + q("email:a@x.com") + "&to=" + q("anonymous_id:abc"), token));
            } finally {
                wh.execute("DROP VIEW " + NODES);
            }
        } finally {
            wh.execute("ALTER TABLE " + NODES + "_kept RENAME TO " + NODES);
        }
        for (JsonNode a : failed) {
            assertThat(a.path("status").asInt()).as(a.toString()).isEqualTo(500);
            assertThat(error(a).path("code").asText()).isEqualTo("warehouse_error");
        }
        for (JsonNode a : stopped) {
            assertThat(a.path("status").asInt()).as(a.toString()).isEqualTo(503);
            assertThat(error(a).path("code").asText()).isEqualTo("query_timeout");
            assertThat(error(a).path("message").asText()).contains("2 s limit");
        }
        for (JsonNode a : List.of(failed.get(0), failed.get(1), stopped.get(0), stopped.get(1))) {
            assertThat(a.toString()).as("no SQL, no engine message").doesNotContainIgnoringCase("select")
                    .doesNotContain(NODES).doesNotContain("id_value");
        }
        assertThat(get("/v1/profiles/email/" + q("a@x.com"), token).path("profile_id").asText()).startsWith("p1_");
    }

    @Test
    void aDeletionRequestIsAcceptedFollowedAndLiftedByAnAdmin() {
        // Not run here: the other tests share this warehouse's graph (DeletionRequestContract applies requests).
        String writer = TestTokens.create(store, "forgetter", "identity:write");
        String reader = TestTokens.create(store, "reader", "identity:read");
        String admin = TestTokens.create(store, "admin", "admin");

        JsonNode accepted = send(HttpRequest.POST("/v1/profiles/anonymous_id/" + q(" zzz ").replace("+", "%20") + "/forget", ""), writer);
        assertThat(accepted.path("status").asInt()).as(accepted.toString()).isEqualTo(202);
        JsonNode request = accepted.path("body");
        assertThat(request.path("status").asText()).isEqualTo("pending");
        assertThat(request.path("type").asText()).isEqualTo("anonymous_id");
        assertThat(request.path("value_sha256").asText()).isEqualTo(dev.weft.warehouse.WarehouseNames.sha256Hex("zzz"));
        assertThat(request.path("requested_by").asText()).startsWith("forgetter-");
        assertThat(request.has("applied_run")).as("every field present").isTrue();
        assertThat(accepted.path("location").asText()).isEqualTo("/v1/deletion-requests/" + request.path("id").asText());
        assertThat(request.toString()).as("the value itself is not kept").doesNotContain("zzz");

        JsonNode again = send(HttpRequest.POST("/v1/profiles/anonymous_id/zzz/forget", ""), writer);
        assertThat(again.path("status").asInt()).isEqualTo(202);
        assertThat(again.path("body").path("id").asText()).as("the request held").isEqualTo(request.path("id").asText());
        JsonNode followed = get(accepted.path("location").asText(), reader);
        assertThat(followed.path("id").asText()).isEqualTo(request.path("id").asText());
        assertThat(followed.path("status").asText()).isEqualTo("pending");
        assertThat(warehouses.primary().queryLong("SELECT count(*) FROM " + IdentityTables.LIVE.deletions()
                + " WHERE id_type = 'anonymous_id' AND id_value = 'zzz'")).as("one tombstone").contains(1L);

        assertThat(send(HttpRequest.DELETE("/v1/profiles/anonymous_id/zzz/forget"), writer).path("status").asInt())
                .as("lifting needs admin").isEqualTo(403);
        JsonNode lifted = send(HttpRequest.DELETE("/v1/profiles/anonymous_id/zzz/forget"), admin);
        assertThat(lifted.path("status").asInt()).as(lifted.toString()).isEqualTo(200);
        assertThat(lifted.path("body").path("status").asText()).isEqualTo("lifted");
        assertThat(lifted.path("body").path("lifted_by").asText()).startsWith("admin-");
        assertThat(warehouses.primary().queryLong("SELECT count(*) FROM " + IdentityTables.LIVE.deletions()
                + " WHERE id_type = 'anonymous_id' AND id_value = 'zzz'")).as("the tombstone is gone").contains(0L);
        assertThat(send(HttpRequest.DELETE("/v1/profiles/anonymous_id/zzz/forget"), admin).path("status").asInt())
                .as("nothing held any more").isEqualTo(404);
        assertThat(get("/v1/deletion-requests/no-such-request", reader).path("status").asInt()).isEqualTo(404);
    }

    @Test
    void deletionRequestsAreListedNewestFirstByStatusAndPaged() {
        String writer = TestTokens.create(store, "forgetter", "identity:write");
        String reader = TestTokens.create(store, "reader", "identity:read");
        String admin = TestTokens.create(store, "admin", "admin");
        List<String> made = new java.util.ArrayList<>();
        for (String value : List.of("listed-a", "listed-b", "listed-c")) {
            made.add(send(HttpRequest.POST("/v1/profiles/anonymous_id/" + value + "/forget", ""), writer).path("body").path("id").asText());
        }
        assertThat(send(HttpRequest.DELETE("/v1/profiles/anonymous_id/listed-b/forget"), admin).path("status").asInt()).isEqualTo(200);

        JsonNode all = get("/v1/deletion-requests?limit=1000", reader);
        List<JsonNode> items = new java.util.ArrayList<>();
        all.path("items").forEach(items::add);
        assertThat(all.path("next").isNull()).isTrue();
        assertThat(items).extracting(i -> i.path("id").asText()).containsAll(made);
        // Newest first: by when each was asked, then by id, whatever else other tests recorded.
        List<String> order = items.stream().map(i -> i.path("requested_at").asText() + " " + i.path("id").asText()).toList();
        assertThat(order).isSortedAccordingTo(java.util.Comparator.comparing((String t) -> java.time.Instant.parse(t.split(" ")[0]))
                .thenComparing(t -> t.split(" ")[1]).reversed());
        assertThat(items.stream().map(i -> i.path("id").asText()).filter(made::contains).toList())
                .as("made one after the other").containsExactly(made.get(2), made.get(1), made.get(0));

        // Page by page, the same list.
        List<String> paged = new java.util.ArrayList<>();
        String next = null;
        do {
            JsonNode page = get("/v1/deletion-requests?limit=1" + (next == null ? "" : "&after=" + next), reader);
            assertThat(page.path("items")).hasSize(1);
            paged.add(page.path("items").get(0).path("id").asText());
            next = page.path("next").isNull() ? null : page.path("next").asText();
        } while (next != null);
        assertThat(paged).isEqualTo(items.stream().map(i -> i.path("id").asText()).toList());

        JsonNode lifted = get("/v1/deletion-requests?status=lifted", reader);
        assertThat(lifted.path("items").findValuesAsText("id")).contains(made.get(1)).doesNotContain(made.get(0), made.get(2));
        assertThat(lifted.path("items").findValuesAsText("status")).containsOnly("lifted");
        JsonNode pending = get("/v1/deletion-requests?status=pending", reader);
        assertThat(pending.path("items").findValuesAsText("id")).contains(made.get(0), made.get(2)).doesNotContain(made.get(1));

        JsonNode badStatus = get("/v1/deletion-requests?status=done", reader);
        assertThat(badStatus.path("status").asInt()).isEqualTo(400);
        assertThat(badStatus.path("body").path("error").path("details").get(0).path("path").asText()).isEqualTo("status");
        assertThat(get("/v1/deletion-requests?after=no-such-request", reader).path("status").asInt()).isEqualTo(400);
        assertThat(get("/v1/deletion-requests", writer).path("status").asInt()).as("listing needs identity:read").isEqualTo(403);
        for (String value : List.of("listed-a", "listed-c")) {
            assertThat(send(HttpRequest.DELETE("/v1/profiles/anonymous_id/" + value + "/forget"), admin).path("status").asInt()).isEqualTo(200);
        }
    }

    @Test
    void aDeletionRequestForNoIdentifierAnswers400WithAPointer() {
        String writer = TestTokens.create(store, "forgetter", "identity:write");
        JsonNode badType = send(HttpRequest.POST("/v1/profiles/shoe_size/42/forget", ""), writer);
        assertThat(badType.path("status").asInt()).isEqualTo(400);
        assertThat(badType.path("body").path("error").path("details").get(0).path("path").asText()).isEqualTo("/type");
        JsonNode blank = send(HttpRequest.POST("/v1/profiles/email/%20%20/forget", ""), writer);
        assertThat(blank.path("status").asInt()).isEqualTo(400);
        assertThat(blank.path("body").path("error").path("details").get(0).path("path").asText()).isEqualTo("/value");
        assertThat(send(HttpRequest.POST("/v1/profiles/email/a%40x.com/forget", ""), TestTokens.create(store, "reader", "identity:read"))
                .path("status").asInt()).as("forgetting needs identity:write").isEqualTo(403);
    }
}
