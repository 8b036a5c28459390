package dev.weft.api.identity;

import dev.weft.WeftException;
import dev.weft.api.ApiErrors;
import dev.weft.api.ApiException;
import dev.weft.api.ErrorBody;
import dev.weft.api.RequiresScope;
import dev.weft.definitions.JsonChecks;
import dev.weft.identity.IdentityConfig;
import dev.weft.identity.IdentityService;
import dev.weft.identity.UnknownIdentifierException;
import dev.weft.warehouse.WarehouseTimeoutException;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;

/**
 * Profiles and explanations over the identity graph, one component at a time. Every statement has the
 * interactive time limit ({@code weft.interactive-timeout}): a lookup stopped by it answers 503.
 */
@Tag(name = "identity")
@Controller("/v1")
@RequiresScope("identity:read")
@ApiResponse(responseCode = "400", description = "An unknown identifier type or a malformed identifier, with its pointer", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "401", description = "Missing, unknown or revoked token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "403", description = "The token lacks the route's scope", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "404", description = "No profile holds the identifier (not_found)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "409", description = "Identity resolution is not configured (identity_not_configured)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "503", description = "Stopped by the interactive time limit (query_timeout)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
public class IdentityController {

    private final IdentityService identity;

    public IdentityController(IdentityService identity) {
        this.identity = identity;
    }

    @Get("/profiles/{type}/{value}")
    @Operation(operationId = "getProfile", summary = "The profile an identifier belongs to: its summary, identifiers and recent changes")
    public IdentityViews.ProfileView profile(@PathVariable String type, @PathVariable String value) {
        IdentityConfig config = config();
        if (config.type(type).isEmpty()) {
            throw ApiException.badRequest("unknown identifier type", List.of(new ApiException.Detail("/type",
                    "'" + type + "' is not a configured identifier type")));
        }
        if (value.indexOf('\u0000') >= 0) {
            throw ApiException.badRequest("invalid identifier value", List.of(new ApiException.Detail("/value", JsonChecks.NUL_PROBLEM)));
        }
        try {
            return identity.lookUp(config, type, value).profile().map(IdentityViews.ProfileView::of)
                    .orElseThrow(() -> ApiException.notFound("profile for " + type + ":" + value));
        } catch (WarehouseTimeoutException e) {
            throw stopped("profile lookup", e, "try again when the warehouse is less busy");
        }
    }

    @Get("/identity/explain")
    @Operation(operationId = "explainIdentity", summary = "Why two identifiers share a profile: the shortest chain of links with each link's source rows, or why not")
    public IdentityViews.ExplanationView explain(@QueryValue String from, @QueryValue String to) {
        check(from, "/from");
        check(to, "/to");
        try {
            return IdentityViews.ExplanationView.of(identity.explain(identity.interactiveInspector(), from, to));
        } catch (UnknownIdentifierException e) {
            throw new ApiException(HttpStatus.NOT_FOUND, "not_found", e.getMessage());
        } catch (WarehouseTimeoutException e) {
            throw stopped("explanation", e, "the profile may be an over-merge too large to explain on demand: look at it with "
                    + "'weft identity report', or run 'weft identity explain', which has no time limit");
        }
    }

    private IdentityConfig config() {
        try {
            return identity.config();
        } catch (WeftException e) {
            throw new ApiException(HttpStatus.CONFLICT, "identity_not_configured", e.getMessage());
        }
    }

    /** A {@code type:value} parameter: both parts present, a configured type, no NUL; else 400 pointing at it. */
    private void check(String typed, String pointer) {
        if (typed.indexOf('\u0000') >= 0) {
            throw ApiException.badRequest("invalid identifier", List.of(new ApiException.Detail(pointer, JsonChecks.NUL_PROBLEM)));
        }
        String[] tv;
        try {
            tv = IdentityService.split(typed);
        } catch (WeftException e) {
            throw ApiException.badRequest("identifiers are written type:value", List.of(new ApiException.Detail(pointer, e.getMessage())));
        }
        if (config().type(tv[0]).isEmpty()) {
            throw ApiException.badRequest("unknown identifier type", List.of(new ApiException.Detail(pointer,
                    "'" + tv[0] + "' is not a configured identifier type")));
        }
    }

    private static ApiException stopped(String what, WarehouseTimeoutException e, String advice) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ApiErrors.QUERY_TIMEOUT, "the " + what + " ran longer than the "
                + e.limit().toSeconds() + " s limit for interactive queries and was stopped: " + advice);
    }
}
