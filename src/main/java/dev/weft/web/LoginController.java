package dev.weft.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.CookieValue;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;

import java.net.URI;
import java.util.Map;

/**
 * Signing in and out of the web app. Sign-in takes an API token (the one an admin made with
 * {@code weft tokens create}), opens a session and sets it as an HttpOnly, SameSite=Strict cookie scoped to
 * {@code /app} (Secure over HTTPS); the token itself is never kept in the browser.
 */
@Hidden
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class LoginController {

    static final String HOME = "/app/audiences";

    private final WebSessions sessions;

    public LoginController(WebSessions sessions) {
        this.sessions = sessions;
    }

    @Get
    public HttpResponse<?> root() {
        return HttpResponse.seeOther(URI.create(HOME));
    }

    @Get("/app")
    public HttpResponse<?> app() {
        return HttpResponse.seeOther(URI.create(HOME));
    }

    @Get(WebAuthFilter.LOGIN)
    public ModelAndView<Map<String, Object>> form() {
        return new ModelAndView<>("login", Map.of());
    }

    @Post(WebAuthFilter.LOGIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> login(HttpRequest<?> request, @Body Map<String, String> form) {
        return sessions.open(form.get("token"))
                .<HttpResponse<?>>map(opened -> HttpResponse.seeOther(URI.create(HOME)).cookie(cookie(request, opened.id())
                        .maxAge(WebSessions.LIFETIME)))
                .orElseGet(() -> HttpResponse.status(HttpStatus.UNAUTHORIZED)
                        .body(new ModelAndView<>("login", Map.of("error", "That token is unknown, revoked or expired."))));
    }

    @Post("/app/logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED) // htmx posts as a form, even without fields
    public HttpResponse<?> logout(HttpRequest<?> request, @Nullable @CookieValue(WebAuthFilter.COOKIE) String id) {
        sessions.close(id);
        return HttpResponse.ok().header(Pages.HX_REDIRECT, WebAuthFilter.LOGIN).cookie(cookie(request, "").maxAge(0));
    }

    private static Cookie cookie(HttpRequest<?> request, String value) {
        return Cookie.of(WebAuthFilter.COOKIE, value).httpOnly(true).sameSite(SameSite.Strict).path("/app").secure(request.isSecure());
    }
}
