package dev.weft.identity;

import dev.weft.WeftException;
import dev.weft.api.ApiException;
import dev.weft.api.RequiresScope;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;

import java.util.List;

/** Profiles and explanations over the identity graph, one component at a time. */
@Controller("/v1")
@RequiresScope("identity:read")
public class IdentityController {

    private final IdentityService identity;

    public IdentityController(IdentityService identity) {
        this.identity = identity;
    }

    @Get("/profiles/{type}/{value}")
    @Operation(summary = "The profile an identifier belongs to: its summary, identifiers and recent changes")
    public IdentityGraphInspector.Profile profile(@PathVariable String type, @PathVariable String value) {
        IdentityConfig config = config();
        IdentityGraphInspector inspector = identity.inspector();
        if (config.type(type).isEmpty()) {
            throw ApiException.badRequest("unknown identifier type", List.of(new ApiException.Detail("/type",
                    "'" + type + "' is not a configured identifier type")));
        }
        String normalized = inspector.normalize(config, type, value);
        return (normalized == null ? java.util.Optional.<IdentityGraphInspector.Profile>empty() : inspector.profile(type, normalized))
                .orElseThrow(() -> ApiException.notFound("profile for " + type + ":" + value));
    }

    @Get("/identity/explain")
    @Operation(summary = "Why two identifiers share a profile: the shortest chain of links with each link's source rows, or why not")
    public IdentityGraphInspector.Explanation explain(@QueryValue String from, @QueryValue String to) {
        check(from, "/from");
        check(to, "/to");
        try {
            return identity.explain(from, to);
        } catch (WeftException e) {
            throw new ApiException(HttpStatus.NOT_FOUND, "not_found", e.getMessage());
        }
    }

    private IdentityConfig config() {
        try {
            return identity.config();
        } catch (WeftException e) {
            throw new ApiException(HttpStatus.CONFLICT, "identity_not_configured", e.getMessage());
        }
    }

    private void check(String typed, String pointer) {
        int i = typed.indexOf(':');
        if (i <= 0) {
            throw ApiException.badRequest("identifiers are written type:value", List.of(new ApiException.Detail(pointer,
                    "'" + typed + "' is not type:value, for example email:a@x.com")));
        }
        if (config().type(typed.substring(0, i)).isEmpty()) {
            throw ApiException.badRequest("unknown identifier type", List.of(new ApiException.Detail(pointer,
                    "'" + typed.substring(0, i) + "' is not a configured identifier type")));
        }
    }
}
