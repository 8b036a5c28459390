package dev.weft.api;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.store.Store;
import dev.weft.testing.TestTokens;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest
class ApiAuthAndErrorsTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    Store store;

    @Inject
    TokenService tokens;

    private final ObjectMapper json = new ObjectMapper();

    /** Status and parsed body of an answer, whether 2xx or an error. */
    record Answer(int status, JsonNode body, HttpResponse<?> response) {
        String code() {
            return body.path("error").path("code").asText();
        }

        String message() {
            return body.path("error").path("message").asText();
        }

        JsonNode details() {
            return body.path("error").path("details");
        }
    }

    private Answer call(MutableHttpRequest<?> request, String token) {
        if (token != null) {
            request.bearerAuth(token);
        }
        HttpResponse<String> response;
        try {
            response = client.toBlocking().exchange(request, String.class);
        } catch (HttpClientResponseException e) {
            response = (HttpResponse<String>) e.getResponse();
            return new Answer(e.getStatus().getCode(), parse(e.getResponse().getBody(String.class).orElse("")), response);
        }
        return new Answer(response.getStatus().getCode(), parse(response.body()), response);
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isEmpty() ? json.nullNode() : json.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static void assertErrorShape(Answer answer) {
        assertThat(answer.body().fieldNames()).toIterable().containsExactly("error");
        assertThat(answer.body().path("error").fieldNames()).toIterable().containsExactlyInAnyOrder("code", "message", "details");
        assertThat(answer.details().isArray()).isTrue();
        assertThat(answer.response().getContentType()).hasValueSatisfying(t -> assertThat(t.getName()).isEqualTo("application/json"));
    }

    private String reader() {
        return TestTokens.create(store, "reader", "audiences:read");
    }

    @Test
    void healthNeedsNoToken() {
        Answer answer = call(HttpRequest.GET("/health"), null);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("status").asText()).isEqualTo("up");
    }

    @Test
    void v1WithoutTokenIs401WithBearerChallenge() {
        Answer answer = call(HttpRequest.GET("/v1/test-only/read"), null);
        assertThat(answer.status()).isEqualTo(401);
        assertErrorShape(answer);
        assertThat(answer.code()).isEqualTo("unauthorized");
        assertThat(answer.response().getHeaders().get(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
    }

    @Test
    void unknownTokenIs401() {
        Answer answer = call(HttpRequest.GET("/v1/test-only/read"), "weft_not-a-real-token");
        assertThat(answer.status()).isEqualTo(401);
        assertErrorShape(answer);
        assertThat(answer.response().getHeaders().get(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
    }

    @Test
    void basicAuthInsteadOfBearerIs401() {
        Answer answer = call(HttpRequest.GET("/v1/test-only/read").basicAuth("u", "p"), null);
        assertThat(answer.status()).isEqualTo(401);
    }

    @Test
    void revokedTokenIs401() {
        TokenService.IssuedToken issued = tokens.create("revoke-me", Set.of("audiences:read"));
        assertThat(call(HttpRequest.GET("/v1/test-only/read"), issued.token()).status()).isEqualTo(200);
        tokens.revoke("revoke-me");
        Answer answer = call(HttpRequest.GET("/v1/test-only/read"), issued.token());
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.message()).contains("revoked");
    }

    @Test
    void methodScopeIsEnforcedAndNamedIn403() {
        String writer = TestTokens.create(store, "syncer", "syncs:write");
        Answer answer = call(HttpRequest.GET("/v1/test-only/read"), writer);
        assertThat(answer.status()).isEqualTo(403);
        assertErrorShape(answer);
        assertThat(answer.code()).isEqualTo("insufficient_scope");
        assertThat(answer.message()).contains("audiences:read");

        Answer ok = call(HttpRequest.GET("/v1/test-only/read"), reader());
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().path("ok").asText()).isEqualTo("read");
    }

    @Test
    void controllerScopeIsEnforced() {
        Answer denied = call(HttpRequest.GET("/v1/test-only-class"), reader());
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.message()).contains("syncs:write");
        Answer ok = call(HttpRequest.GET("/v1/test-only-class"), TestTokens.create(store, "syncer", "syncs:write"));
        assertThat(ok.status()).isEqualTo(200);
    }

    @Test
    void adminImpliesEveryScope() {
        String admin = TestTokens.create(store, "admin", "admin");
        assertThat(call(HttpRequest.GET("/v1/test-only/read"), admin).status()).isEqualTo(200);
        assertThat(call(HttpRequest.GET("/v1/test-only-class"), admin).status()).isEqualTo(200);
    }

    @Test
    void routeWithoutScopeNeedsOnlyAValidToken() {
        assertThat(call(HttpRequest.GET("/v1/test-only/no-scope"), null).status()).isEqualTo(401);
        assertThat(call(HttpRequest.GET("/v1/test-only/no-scope"), TestTokens.create(store, "any", "models:read")).status())
                .isEqualTo(200);
    }

    @Test
    void whoamiAnswersTheTokensNameAndScopes() {
        TokenService.IssuedToken issued = tokens.create("ci-bot", Set.of("syncs:read", "models:read"));
        Answer answer = call(HttpRequest.GET("/v1/whoami"), issued.token());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("name").asText()).isEqualTo("ci-bot");
        assertThat(json.convertValue(answer.body().path("scopes"), List.class)).containsExactlyInAnyOrder("syncs:read", "models:read");
        assertThat(tokens.list()).filteredOn(t -> t.name().equals("ci-bot"))
                .singleElement().satisfies(t -> assertThat(t.lastUsedAt()).isNotNull());
    }

    @Test
    void apiExceptionKeepsItsStatusCodeAndDetails() {
        Answer answer = call(HttpRequest.GET("/v1/test-only/api-error"), reader());
        assertThat(answer.status()).isEqualTo(422);
        assertErrorShape(answer);
        assertThat(answer.code()).isEqualTo("audience_cycle");
        assertThat(answer.message()).isEqualTo("audience a refers to itself");
        assertThat(answer.details().get(0).path("path").asText()).isEqualTo("/conditions/0/audience");
        assertThat(answer.details().get(0).path("problem").asText()).isEqualTo("refers to the audience being defined");
    }

    @Test
    void aWeftExceptionFromTheRouteIs400WithItsMessageButOneFromAFailedBeanIs500() {
        Answer answer = call(HttpRequest.GET("/v1/test-only/weft-error"), reader());
        assertThat(answer.status()).isEqualTo(400);
        assertErrorShape(answer);
        assertThat(answer.message()).isEqualTo("audience 'vip': unknown trait 'ltv' (known: lifetime_value, country)");

        Answer broken = call(HttpRequest.GET("/v1/test-only/broken-bean"), reader());
        assertThat(broken.status()).isEqualTo(500);
        assertThat(broken.body().toString()).doesNotContain("jdbc:x");
    }

    private Answer post(String body, String token) {
        return call(HttpRequest.POST("/v1/test-only/things", body).contentType(MediaType.APPLICATION_JSON_TYPE), token);
    }

    private String writer() {
        return TestTokens.create(store, "writer", "audiences:write");
    }

    @Test
    void validBodyIsAccepted() {
        Answer answer = post("{\"name\":\"n\",\"count\":2,\"colour\":\"RED\",\"conditions\":[{\"trait\":\"t\",\"value\":\"v\"}]}", writer());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("conditions").get(0).path("trait").asText()).isEqualTo("t");
    }

    @Test
    void beanValidationErrorsPointIntoTheBody() {
        Answer answer = post("{\"name\":\" \",\"count\":0,\"conditions\":[{\"trait\":\"t\",\"value\":\"v\"},{\"trait\":\"\",\"value\":null}]}", writer());
        assertThat(answer.status()).isEqualTo(400);
        assertErrorShape(answer);
        assertThat(answer.code()).isEqualTo("invalid_request");
        assertThat(answer.details().findValuesAsText("path"))
                .containsExactly("/conditions/1/trait", "/conditions/1/value", "/count", "/name");
    }

    @Test
    void malformedJsonSaysWhere() {
        Answer answer = post("{\"name\": \"n\",\n \"count\": }", writer());
        assertThat(answer.status()).isEqualTo(400);
        assertErrorShape(answer);
        assertThat(answer.code()).isEqualTo("malformed_json");
        assertThat(answer.message()).contains("line 2");
    }

    @Test
    void unknownFieldIsNamedAsAPointer() {
        Answer answer = post("{\"name\":\"n\",\"count\":1,\"conditions\":[{\"trait\":\"t\",\"value\":\"v\",\"valeu\":1}]}", writer());
        assertThat(answer.status()).isEqualTo(400);
        assertErrorShape(answer);
        assertThat(answer.code()).isEqualTo("unknown_field");
        assertThat(answer.details().get(0).path("path").asText()).isEqualTo("/conditions/0/valeu");
        assertThat(answer.details().get(0).path("problem").asText()).contains("trait").contains("value");
    }

    @Test
    void wrongTypeIsNamedAsAPointer() {
        Answer answer = post("{\"name\":\"n\",\"count\":\"many\"}", writer());
        assertThat(answer.status()).isEqualTo(400);
        assertErrorShape(answer);
        assertThat(answer.code()).isEqualTo("invalid_type");
        assertThat(answer.details().get(0).path("path").asText()).isEqualTo("/count");
        assertThat(answer.details().get(0).path("problem").asText()).isEqualTo("expected an integer");

        Answer colour = post("{\"name\":\"n\",\"count\":1,\"colour\":\"BLUE\"}", writer());
        assertThat(colour.details().get(0).path("path").asText()).isEqualTo("/colour");
        assertThat(colour.details().get(0).path("problem").asText()).contains("RED, GREEN");
    }

    @Test
    void aValueTheBodysRecordRejectsIsNamedAsAPointer() {
        Answer answer = post("{\"name\":\"n\",\"count\":1,\"window\":{\"days\":-1}}", writer());
        assertThat(answer.status()).isEqualTo(400);
        assertErrorShape(answer);
        assertThat(answer.details().get(0).path("path").asText()).isEqualTo("/window");
        assertThat(answer.details().get(0).path("problem").asText()).isEqualTo("days must not be negative");
    }

    @Test
    void missingBodyIs400() {
        Answer answer = call(HttpRequest.POST("/v1/test-only/things", "").contentType(MediaType.APPLICATION_JSON_TYPE), writer());
        assertThat(answer.status()).isEqualTo(400);
        assertErrorShape(answer);
    }

    @Test
    void badQueryParameterIsNamed() {
        Answer answer = call(HttpRequest.GET("/v1/test-only/limited?limit=abc"), reader());
        assertThat(answer.status()).isEqualTo(400);
        assertErrorShape(answer);
        assertThat(answer.details().get(0).path("path").asText()).isEqualTo("limit");

        Answer tooSmall = call(HttpRequest.GET("/v1/test-only/limited?limit=0"), reader());
        assertThat(tooSmall.status()).isEqualTo(400);
        assertThat(tooSmall.details().get(0).path("path").asText()).isEqualTo("limit");

        Answer missing = call(HttpRequest.GET("/v1/test-only/limited"), reader());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.details().get(0).path("path").asText()).isEqualTo("limit");
    }

    @Test
    void unknownRouteIs404InTheErrorShape() {
        Answer answer = call(HttpRequest.GET("/v1/no-such-thing"), reader());
        assertThat(answer.status()).isEqualTo(404);
        assertErrorShape(answer);
        assertThat(answer.code()).isEqualTo("not_found");
        Answer outside = call(HttpRequest.GET("/nowhere"), null);
        assertThat(outside.status()).isEqualTo(404);
        assertErrorShape(outside);
    }

    @Test
    void wrongMethodIs405InTheErrorShape() {
        Answer answer = call(HttpRequest.DELETE("/v1/test-only/read"), reader());
        assertThat(answer.status()).isEqualTo(405);
        assertErrorShape(answer);
        assertThat(answer.code()).isEqualTo("method_not_allowed");
    }

    @Test
    void unsupportedMediaTypeIs415InTheErrorShape() {
        Answer answer = call(HttpRequest.POST("/v1/test-only/things", "name=n").contentType(MediaType.TEXT_PLAIN_TYPE), writer());
        assertThat(answer.status()).isEqualTo(415);
        assertErrorShape(answer);
        assertThat(answer.code()).isEqualTo("unsupported_media_type");
    }

    @Test
    void serverErrorHidesTheCauseAndGivesAnErrorIdThatIsLoggedWithTheStackTrace() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(ApiErrors.class);
        logger.addAppender(log);
        Answer answer;
        try {
            answer = call(HttpRequest.GET("/v1/test-only/boom"), reader());
        } finally {
            logger.detachAppender(log);
        }
        assertThat(answer.status()).isEqualTo(500);
        assertErrorShape(answer);
        assertThat(answer.code()).isEqualTo("internal_error");
        Matcher id = Pattern.compile("error id ([0-9a-f-]{36})").matcher(answer.message());
        assertThat(id.find()).as(answer.message()).isTrue();
        assertThat(answer.body().toString()).doesNotContain("jdbc:secret").doesNotContain("IllegalStateException")
                .doesNotContain("at dev.weft");
        assertThat(log.list).singleElement().satisfies(event -> {
            assertThat(event.getFormattedMessage()).contains(id.group(1));
            assertThat(event.getThrowableProxy().getMessage()).isEqualTo("connection string jdbc:secret was wrong");
        });
    }

    @Test
    void warehouseFailuresNameTheRequestNeverTheStatementOrTheEnginesWords() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(ApiErrors.class);
        logger.addAppender(log);
        Answer failed;
        Answer stopped;
        try {
            failed = call(HttpRequest.GET("/v1/test-only/warehouse-error"), reader());
            stopped = call(HttpRequest.GET("/v1/test-only/warehouse-timeout"), reader());
        } finally {
            logger.detachAppender(log);
        }
        assertThat(failed.status()).isEqualTo(500);
        assertErrorShape(failed);
        assertThat(failed.code()).isEqualTo("warehouse_error");
        assertThat(failed.message()).contains("GET /v1/test-only/warehouse-error").containsPattern("error id [0-9a-f-]{36}");
        assertThat(stopped.status()).isEqualTo(503);
        assertErrorShape(stopped);
        assertThat(stopped.code()).isEqualTo("query_timeout");
        assertThat(stopped.message()).contains("10 s limit", "weft.interactive-timeout");
        for (Answer a : List.of(failed, stopped)) {
            assertThat(a.body().toString()).doesNotContainIgnoringCase("select").doesNotContain("secret_traits")
                    .doesNotContain("ltv").doesNotContain("does not exist");
        }
        assertThat(log.list).hasSize(2);
        assertThat(log.list.get(0).getThrowableProxy().getMessage()).contains("SELECT p.profile_id FROM secret_traits");
        assertThat(log.list.get(1).getFormattedMessage()).contains("SELECT count(*) FROM secret_traits");
    }
}
