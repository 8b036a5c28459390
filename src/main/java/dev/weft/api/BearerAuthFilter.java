package dev.weft.api;

import dev.weft.audit.Actor;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.web.router.RouteMatch;

import java.util.List;
import java.util.Optional;

/**
 * Bearer-token auth for every {@code /v1} route: a missing, unknown, revoked or expired token answers 401
 * with {@code WWW-Authenticate: Bearer}; a token without the scope that the route's {@link RequiresScope}
 * (on the method or its controller) names answers 403 naming the scope. The verified token is left in
 * the request attribute {@link #TOKEN_ATTRIBUTE} for controllers that want to know who calls, and its name
 * becomes the request's {@link Actor}, which the services write into the audit log.
 */
@ServerFilter("/v1/**")
public class BearerAuthFilter {

    public static final String TOKEN_ATTRIBUTE = "weft.api.token";
    private static final String BEARER = "Bearer ";

    private final TokenService tokens;

    public BearerAuthFilter(TokenService tokens) {
        this.tokens = tokens;
    }

    /** Runs off the event loop: verifying a token reads the store. */
    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request, @Nullable RouteMatch<?> route, MutablePropagatedContext context) {
        String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return ApiErrors.response(HttpStatus.UNAUTHORIZED, "unauthorized",
                    "this route needs a token: send Authorization: Bearer <token>", List.of());
        }
        Optional<ApiToken> token = tokens.verify(header.substring(BEARER.length()).trim());
        if (token.isEmpty()) {
            return ApiErrors.response(HttpStatus.UNAUTHORIZED, "unauthorized", "the token is unknown, revoked or expired", List.of())
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"weft\", error=\"invalid_token\"");
        }
        String required = route == null ? null : route.getAnnotationMetadata().stringValue(RequiresScope.class).orElse(null);
        if (required != null && !Scopes.allows(token.get().scopes(), required)) {
            return ApiErrors.response(HttpStatus.FORBIDDEN, "insufficient_scope",
                            "this token lacks the scope " + required, List.of())
                    .header(HttpHeaders.WWW_AUTHENTICATE,
                            "Bearer realm=\"weft\", error=\"insufficient_scope\", scope=\"" + required + "\"");
        }
        request.setAttribute(TOKEN_ATTRIBUTE, token.get());
        context.add(new Actor(token.get().name()));
        return null;
    }
}
