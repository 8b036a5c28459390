package dev.weft.api.identity;

import dev.weft.WeftException;
import dev.weft.api.ApiException;
import dev.weft.api.ErrorBody;
import dev.weft.api.Page;
import dev.weft.api.RequiresScope;
import dev.weft.definitions.JsonChecks;
import dev.weft.identity.DeletionRequests;
import dev.weft.identity.IdentityService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;

/**
 * Deletion requests: forgetting an identifier, following the request, lifting it. Recording a request changes
 * nothing downstream by itself: the next pipeline run applies it (identity, then audiences and syncs), so the
 * request answers 202 with where to follow it.
 */
@Tag(name = "identity")
@Controller("/v1")
@ApiResponse(responseCode = "401", description = "Missing, unknown or revoked token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "403", description = "The token lacks the route's scope", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
public class DeletionRequestController {

    private final IdentityService identity;
    private final DeletionRequests requests;

    public DeletionRequestController(IdentityService identity, DeletionRequests requests) {
        this.identity = identity;
        this.requests = requests;
    }

    @Post("/profiles/{type}/{value}/forget")
    @RequiresScope("identity:write")
    @Operation(operationId = "forgetIdentifier", summary = "Records a deletion request: the next pipeline run takes the identifier out of "
            + "its profile, audiences and mirror destinations, and rows bringing it again are dropped until the request is lifted")
    @ApiResponse(responseCode = "202", description = "The request is recorded (or was already held: the same request); Location is the request",
            content = @Content(schema = @Schema(implementation = DeletionRequestView.class)))
    @ApiResponse(responseCode = "400", description = "An unknown identifier type, or a value that is no identifier of it, with its pointer",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "Identity resolution is not configured (identity_not_configured)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<DeletionRequestView> forget(@PathVariable String type, @PathVariable String value) {
        check(type, value);
        DeletionRequests.DeletionRequest r = identity.forget(type, value);
        String url = "/v1/deletion-requests/" + r.id();
        return HttpResponse.<DeletionRequestView>status(HttpStatus.ACCEPTED).header(HttpHeaders.LOCATION, url).body(DeletionRequestView.of(r));
    }

    @Delete("/profiles/{type}/{value}/forget")
    @RequiresScope("admin")
    @Operation(operationId = "liftDeletionRequest", summary = "Lifts the deletion request held for an identifier: the next pipeline run "
            + "puts it back where its rows link it. Admin only: it brings back data someone asked to have deleted")
    @ApiResponse(responseCode = "200", description = "The request, lifted", content = @Content(schema = @Schema(implementation = DeletionRequestView.class)))
    @ApiResponse(responseCode = "400", description = "An unknown identifier type, or a value that is no identifier of it, with its pointer",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "No deletion request is held for the identifier (not_found)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public DeletionRequestView lift(@PathVariable String type, @PathVariable String value) {
        check(type, value);
        return identity.lift(type, value).map(DeletionRequestView::of)
                .orElseThrow(() -> ApiException.notFound("deletion request held for " + type + ":" + value));
    }

    @Get("/deletion-requests")
    @RequiresScope("identity:read")
    @Operation(operationId = "listDeletionRequests", summary = "Deletion requests, newest first (by when they were asked), of one status when "
            + "?status= is given: the audit trail of what was asked to be forgotten, what each request removed, and what was lifted")
    @ApiResponse(responseCode = "200", description = "A page of requests")
    @ApiResponse(responseCode = "400", description = "A status that is none, or a cursor this list did not give, named in details",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Page<DeletionRequestView> list(@Nullable @QueryValue @Schema(allowableValues = {"pending", "applied", "lifted"}) String status,
                                          @Nullable @QueryValue Integer limit, @Nullable @QueryValue String after) {
        if (status != null && !DeletionRequests.STATUSES.contains(status)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_parameter", "parameter 'status' is not a status of deletion requests",
                    List.of(new ApiException.Detail("status", "must be one of " + DeletionRequests.STATUSES + ", got '" + status + "'")));
        }
        int size = Page.limit(limit);
        DeletionRequests.DeletionRequest from = after == null ? null : requests.get(after).orElseThrow(() -> Page.unknownCursor(after));
        return Page.ofFetched(requests.list(status, from, size + 1).stream().map(DeletionRequestView::of).toList(), size,
                DeletionRequestView::id);
    }

    @Get("/deletion-requests/{id}")
    @RequiresScope("identity:read")
    @Operation(operationId = "getDeletionRequest", summary = "A deletion request: its status, who asked and when, the identity run that "
            + "applied it and what it removed")
    @ApiResponse(responseCode = "200", description = "The request")
    @ApiResponse(responseCode = "404", description = "No such request (not_found)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public DeletionRequestView get(@PathVariable String id) {
        return requests.get(id).map(DeletionRequestView::of).orElseThrow(() -> ApiException.notFound("deletion request '" + id + "'"));
    }

    /** A configured type and a value that normalizes to an identifier, else 400 pointing at the path parameter. */
    private void check(String type, String value) {
        boolean known;
        try {
            known = identity.config().type(type).isPresent();
        } catch (WeftException e) {
            throw new ApiException(HttpStatus.CONFLICT, "identity_not_configured", e.getMessage());
        }
        if (!known) {
            throw ApiException.badRequest("unknown identifier type", List.of(new ApiException.Detail("/type",
                    "'" + type + "' is not a configured identifier type")));
        }
        if (value.indexOf('\u0000') >= 0) {
            throw ApiException.badRequest("invalid identifier value", List.of(new ApiException.Detail("/value", JsonChecks.NUL_PROBLEM)));
        }
        if (identity.inspector().normalize(identity.config(), type, value) == null) {
            throw ApiException.badRequest("invalid identifier value", List.of(new ApiException.Detail("/value",
                    "'" + value + "' normalizes to nothing as " + type + ", so it is no identifier")));
        }
    }
}
