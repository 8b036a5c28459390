package dev.weft.api.tokens;

import dev.weft.WeftException;
import dev.weft.api.ApiException;
import dev.weft.api.ErrorBody;
import dev.weft.api.RequiresScope;
import dev.weft.api.Scopes;
import dev.weft.api.TokenNotFoundException;
import dev.weft.api.TokenRevokedException;
import dev.weft.api.TokenService;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code /v1/tokens}: create (the token shown once), list (never the token) and revoke API tokens; admin
 * tokens only. Every write is in the audit log.
 */
@Controller("/v1/tokens")
@ExecuteOn(TaskExecutors.BLOCKING)
@RequiresScope(Scopes.ADMIN)
@Tag(name = "tokens")
public class TokensController {

    private final TokenService tokens;

    public TokensController(TokenService tokens) {
        this.tokens = tokens;
    }

    @Post
    @Operation(operationId = "createToken", summary = "Create a token with scopes and an optional expiry; the answer is the "
            + "only time the token is shown")
    @ApiResponse(responseCode = "201", description = "The token, its scopes and expiry",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = CreatedToken.class)))
    @ApiResponse(responseCode = "400", description = "A missing or bad name, unknown scopes, or an expiry not in the future, "
            + "each named by a JSON Pointer", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "401", description = "Missing, unknown, revoked or expired token",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "403", description = "The token lacks the admin scope",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "A token has this name (names stay taken after revocation)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<CreatedToken> create(@Body CreateTokenRequest request) {
        List<ApiException.Detail> problems = new ArrayList<>();
        TokenService.nameProblem(request.name()).ifPresent(p -> problems.add(new ApiException.Detail("/name", p)));
        Set<String> scopes = null;
        try {
            scopes = Scopes.validate(request.scopes() == null ? List.of() : request.scopes());
        } catch (WeftException e) {
            problems.add(new ApiException.Detail("/scopes", e.getMessage()));
        }
        if (request.expiresAt() != null && !request.expiresAt().isAfter(Instant.now())) {
            problems.add(new ApiException.Detail("/expires_at", "must be in the future, got " + request.expiresAt()));
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid token request", problems);
        }
        if (tokens.find(request.name().trim()).isPresent()) {
            throw ApiException.conflict("a token named '" + request.name().trim() + "' exists (names stay taken after revocation)");
        }
        TokenService.IssuedToken issued = tokens.create(request.name(), scopes, request.expiresAt());
        return HttpResponse.created(new CreatedToken(issued.name(), issued.token(), issued.scopes(), issued.createdAt(),
                issued.expiresAt()));
    }

    @Get
    @Operation(operationId = "listTokens", summary = "Every token, oldest first, with its status (active, expired, revoked); "
            + "never the token itself")
    @ApiResponse(responseCode = "200", description = "The tokens, in one page")
    @ApiResponse(responseCode = "401", description = "Missing, unknown, revoked or expired token",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "403", description = "The token lacks the admin scope",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public TokenList list() {
        Instant now = Instant.now();
        return new TokenList(tokens.list().stream().map(t -> TokenSummary.of(t, now)).toList(), null);
    }

    @Delete("/{name}")
    @Operation(operationId = "revokeToken", summary = "Revoke a token (an expired one too): it answers 401 from then on")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @ApiResponse(responseCode = "401", description = "Missing, unknown, revoked or expired token",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "403", description = "The token lacks the admin scope",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "404", description = "No token has this name",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "The token is revoked already",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<Void> revoke(String name) {
        try {
            tokens.revoke(name);
        } catch (TokenNotFoundException e) {
            throw ApiException.notFound("token '" + name + "'");
        } catch (TokenRevokedException e) {
            throw ApiException.conflict(e.getMessage());
        }
        return HttpResponse.noContent();
    }
}
