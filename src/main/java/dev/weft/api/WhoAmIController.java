package dev.weft.api;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.RequestAttribute;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.Set;

/** Tells a caller which token it is using: needs a valid token and no particular scope. */
@Tag(name = "service")
@Controller("/v1/whoami")
public class WhoAmIController {

    public record WhoAmI(String name, Set<String> scopes) {
    }

    @Get
    @Operation(operationId = "whoami", summary = "The calling token's name and scopes")
    @ApiResponse(responseCode = "200", description = "The token's name and scopes")
    @ApiResponse(responseCode = "401", description = "Missing, unknown, revoked or expired token",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public WhoAmI whoami(@RequestAttribute(BearerAuthFilter.TOKEN_ATTRIBUTE) ApiToken token) {
        return new WhoAmI(token.name(), token.scopes());
    }
}
