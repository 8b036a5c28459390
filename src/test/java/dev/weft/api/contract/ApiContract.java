package dev.weft.api.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.interaction.ApiOperationResolver;
import com.atlassian.oai.validator.model.ApiOperationMatch;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.Collectors;

/**
 * {@code api/openapi.yml} as a judge: checks an exchange against it and remembers which operations were
 * exercised, for {@link ContractCoverageTest}. Strict: an undocumented status, a wrong type, a missing
 * required field or a field the schema does not declare is a mismatch.
 */
final class ApiContract {

    static final String SPEC = "api/openapi.yml";

    private static final OpenAPI API = parse();
    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator.createFor(API)
            .withLevelResolver(LevelResolver.create()
                    // Whether a token is present is the server's to judge; its 401 answer is then checked here.
                    .withLevel("validation.request.security", ValidationReport.Level.IGNORE)
                    // Strict: a field the schema does not declare is an error, not something to ignore.
                    .withLevel("validation.schema.additionalProperties", ValidationReport.Level.ERROR)
                    .build())
            .build();
    private static final ApiOperationResolver OPERATIONS = new ApiOperationResolver(API, null, false);
    private static final Set<String> EXERCISED = new ConcurrentSkipListSet<>();

    private ApiContract() {
    }

    /** Fails listing every mismatch between the exchange and the contract. */
    static void check(Request request, Response response) {
        report(VALIDATOR.validate(request, response), request);
    }

    /** For a request that breaks the contract on purpose (a 400 test): only the answer is checked. */
    static void checkResponseOnly(Request request, Response response) {
        report(VALIDATOR.validateResponse(request.getPath(), request.getMethod(), response), request);
    }

    /** Records the request's operation as exercised; {@link ContractClient} calls it after a passed check. */
    static void markExercised(Request request) {
        ApiOperationMatch match = OPERATIONS.findApiOperation(request.getPath(), request.getMethod());
        if (match.isPathFound() && match.isOperationAllowed()) {
            PathItem.HttpMethod method = match.getApiOperation().getMethod();
            EXERCISED.add(method + " " + match.getApiOperation().getApiPath().original());
        }
    }

    /** Every operation of the contract, as {@code "GET /v1/whoami"}. */
    static Set<String> operations() {
        Set<String> all = new TreeSet<>();
        API.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                .forEach(method -> all.add(method + " " + path)));
        return all;
    }

    /** The operations exchanges with the server have passed the check for, in this JVM. */
    static Set<String> exercised() {
        return Set.copyOf(EXERCISED);
    }

    private static void report(ValidationReport report, Request request) {
        if (report.hasErrors()) {
            String problems = report.getMessages().stream()
                    .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                    .map(m -> "  " + m.getKey() + ": " + m.getMessage()
                            + m.getAdditionalInfo().stream().map(info -> "\n    " + info).collect(Collectors.joining()))
                    .collect(Collectors.joining("\n"));
            throw new AssertionError(request.getMethod() + " " + request.getPath() + " breaks " + SPEC + ":\n" + problems);
        }
    }

    private static OpenAPI parse() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        var result = new OpenAPIV3Parser().readLocation(SPEC, null, options);
        if (result.getOpenAPI() == null) {
            throw new IllegalStateException(SPEC + " does not parse: " + result.getMessages());
        }
        return result.getOpenAPI();
    }
}
