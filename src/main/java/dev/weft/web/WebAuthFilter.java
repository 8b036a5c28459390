package dev.weft.web;

import dev.weft.api.ApiErrors;
import dev.weft.api.RequiresScope;
import dev.weft.audit.Actor;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.web.router.RouteMatch;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * The web app's gate, for every {@code /app} route but the sign-in page and the static assets: without a live
 * session (cookie {@value #COOKIE}) a page redirects to sign-in; every write (any method but GET and HEAD) must
 * carry the session's CSRF token in {@value #CSRF_HEADER} (htmx sends it on every request, from the page's
 * {@code hx-headers}) and come from this origin; a route's {@link RequiresScope} is checked against the
 * token's scopes as the API checks it, so a read-only token is refused a write whatever the page shows.
 * The token's name becomes the request's {@link Actor}, as it does for the API.
 */
@ServerFilter("/app/**")
public class WebAuthFilter {

    static final String COOKIE = "weft_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String LOGIN = "/app/login";
    static final String ASSETS = "/app/assets/";

    private final WebSessions sessions;
    private final ErrorPages errorPages;

    public WebAuthFilter(WebSessions sessions, ErrorPages errorPages) {
        this.sessions = sessions;
        this.errorPages = errorPages;
    }

    /** Runs off the event loop: finding a session reads the store. */
    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<?> authenticate(HttpRequest<?> request, @Nullable RouteMatch<?> route, MutablePropagatedContext context) {
        String path = request.getPath();
        boolean write = request.getMethod() != HttpMethod.GET && request.getMethod() != HttpMethod.HEAD;
        if (write && !sameOrigin(request)) {
            return refuse(HttpStatus.FORBIDDEN, "this form was sent from another site");
        }
        if (path.equals(LOGIN) || path.startsWith(ASSETS)) {
            return null;
        }
        Optional<WebSession> session = request.getCookies().findCookie(COOKIE).map(Cookie::getValue).flatMap(sessions::find);
        if (session.isEmpty()) {
            return toLogin(request);
        }
        if (write && !csrfMatches(request, session.get())) {
            return refuse(HttpStatus.FORBIDDEN, "the form's CSRF token is missing or stale: reload the page");
        }
        String required = route == null ? null : route.getAnnotationMetadata().stringValue(RequiresScope.class).orElse(null);
        request.setAttribute(WebSession.ATTRIBUTE, session.get());
        if (required != null && !session.get().can(required)) {
            // As the API refuses it, made a page in the app's layout (hence the session above): the response filters
            // do not see a response a request filter answers.
            MutableHttpResponse<?> refused = ApiErrors.response(HttpStatus.FORBIDDEN, "insufficient_scope",
                    "your token lacks the scope " + required, List.of());
            errorPages.render(request, refused);
            return refused;
        }
        context.add(new Actor(session.get().name()));
        return null;
    }

    /** A page goes to sign-in; an htmx request is told to send the whole window there. */
    private static HttpResponse<?> toLogin(HttpRequest<?> request) {
        if (request.getHeaders().contains(Pages.HX_REQUEST)) {
            return HttpResponse.status(HttpStatus.UNAUTHORIZED).header(Pages.HX_REDIRECT, LOGIN);
        }
        return HttpResponse.seeOther(URI.create(LOGIN));
    }

    private static boolean csrfMatches(HttpRequest<?> request, WebSession session) {
        String sent = request.getHeaders().get(CSRF_HEADER);
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), session.csrf().getBytes(StandardCharsets.UTF_8));
    }

    /** Browsers send Origin with every form and fetch write; when present it must name this server. */
    private static boolean sameOrigin(HttpRequest<?> request) {
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        String host = request.getHeaders().get(HttpHeaders.HOST);
        if (origin == null) {
            return true;
        }
        try {
            URI uri = URI.create(origin);
            return host != null && host.equalsIgnoreCase(uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static HttpResponse<?> refuse(HttpStatus status, String message) {
        return HttpResponse.status(status).contentType(MediaType.TEXT_PLAIN_TYPE).body(message);
    }
}
