package dev.weft.api.contract;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The judge itself: each kind of mismatch the contract tests rely on is caught, and a match passes. */
class ApiContractTest {

    private static final Request WHOAMI = SimpleRequest.Builder.get("/v1/whoami")
            .withAuthorization("Bearer weft_x").withAccept("application/json").build();

    private static SimpleResponse whoamiAnswer(int status, String body) {
        return SimpleResponse.Builder.status(status).withContentType("application/json").withBody(body).build();
    }

    @Test
    void anAnswerTheContractDescribesPasses() {
        assertThatCode(() -> ApiContract.check(WHOAMI, whoamiAnswer(200, "{\"name\": \"me\", \"scopes\": [\"admin\"]}")))
                .doesNotThrowAnyException();
    }

    @Test
    void anUndocumentedStatusFails() {
        assertThatThrownBy(() -> ApiContract.check(WHOAMI, whoamiAnswer(418, "{}")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("GET /v1/whoami breaks api/openapi.yml")
                .hasMessageContaining("validation.response.status.unknown");
    }

    @Test
    void aValueOfTheWrongTypeFails() {
        assertThatThrownBy(() -> ApiContract.check(WHOAMI, whoamiAnswer(200, "{\"name\": \"me\", \"scopes\": \"admin\"}")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("validation.response.body.schema.type")
                .hasMessageContaining("/scopes");
    }

    @Test
    void aMissingRequiredFieldFails() {
        assertThatThrownBy(() -> ApiContract.check(WHOAMI, whoamiAnswer(200, "{\"name\": \"me\"}")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("validation.response.body.schema.required")
                .hasMessageContaining("scopes");
    }

    @Test
    void aFieldTheSchemaDoesNotDeclareFails() {
        assertThatThrownBy(() -> ApiContract.check(WHOAMI,
                        whoamiAnswer(200, "{\"name\": \"me\", \"scopes\": [], \"token_hash\": \"x\"}")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("validation.response.body.schema.additionalProperties")
                .hasMessageContaining("token_hash");
    }

    @Test
    void aRouteTheContractDoesNotHaveFails() {
        Request unknown = SimpleRequest.Builder.get("/v1/not-a-route").withAccept("application/json").build();

        assertThatThrownBy(() -> ApiContract.check(unknown, whoamiAnswer(200, "{}")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("validation.request.path.missing");
    }

    @Test
    void operationsListsEveryMethodAndPathOfTheContract() {
        assertThat(ApiContract.operations()).contains("GET /health", "GET /v1/whoami")
                .allSatisfy(operation -> assertThat(operation).matches("(GET|POST|PUT|PATCH|DELETE) /\\S*"));
    }
}
