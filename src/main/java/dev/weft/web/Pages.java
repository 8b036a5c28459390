package dev.weft.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.views.ModelAndView;

import java.util.HashMap;
import java.util.Map;

/**
 * What every page of the web app shares: its template gets the signed-in session (for the name shown, the
 * CSRF token htmx sends, and which write buttons to show), and the htmx headers the controllers read and set.
 */
public final class Pages {

    /** Sent by htmx on every request it makes. */
    public static final String HX_REQUEST = "HX-Request";
    /** Tells htmx to load another page in the whole window. */
    public static final String HX_REDIRECT = "HX-Redirect";

    private Pages() {
    }

    /** A page or fragment: the template under {@code views/} and its model, plus the session and {@link Formats} as {@code fmt}. */
    public static ModelAndView<Map<String, Object>> view(String template, WebSession session, Map<String, Object> model) {
        Map<String, Object> all = new HashMap<>(model);
        all.put("session", session);
        all.put("fmt", Formats.INSTANCE);
        return new ModelAndView<>(template, all);
    }

    /** A page saying why what was asked cannot be shown (no such audience, the models not built yet), with its status. */
    public static HttpResponse<ModelAndView<Map<String, Object>>> problem(HttpStatus status, WebSession session, String message) {
        return HttpResponse.<ModelAndView<Map<String, Object>>>status(status).body(view("problem", session, Map.of("problem", message)));
    }

    public static boolean fromHtmx(HttpRequest<?> request) {
        return request.getHeaders().contains(HX_REQUEST);
    }
}
