package dev.weft.web;

import dev.weft.api.ApiErrors;
import dev.weft.api.ErrorBody;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.views.ModelAndView;
import io.micronaut.views.ModelAndViewRenderer;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The web app's error pages: a page request that failed unexpectedly (500) or found no page (404), or any other
 * error the server answers in the API's JSON shape, gets an HTML page in the app's layout instead, with the
 * status kept. A server error shows only its error id (the one logged with the stack trace), never the trace.
 * The REST API under {@code /v1} keeps its JSON errors: this filter sees only {@code /app}.
 */
@ServerFilter("/app/**")
public class ErrorPages {

    private final ModelAndViewRenderer<Map<String, Object>, HttpRequest<?>> renderer;

    public ErrorPages(ModelAndViewRenderer<Map<String, Object>, HttpRequest<?>> renderer) {
        this.renderer = renderer;
    }

    @ResponseFilter
    @SuppressWarnings("unchecked")
    public void render(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (!(response.getBody().orElse(null) instanceof ErrorBody error)) {
            return;
        }
        HttpStatus status = response.getStatus();
        Map<String, Object> model = new HashMap<>();
        request.getAttribute(WebSession.ATTRIBUTE, WebSession.class).ifPresent(s -> model.put("session", s));
        model.put("fmt", Formats.INSTANCE);
        model.put("status", status.getCode());
        model.put("path", request.getPath());
        model.put("errorId", request.getAttribute(ApiErrors.ERROR_ID, String.class).orElse(null));
        model.put("message", status.getCode() >= 500 || status == HttpStatus.NOT_FOUND ? null : error.error().message());
        StringWriter html = new StringWriter();
        renderer.render(new ModelAndView<>("error", model), request, MediaType.TEXT_HTML).ifPresent(w -> {
            try {
                w.writeTo(html);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        ((MutableHttpResponse<Object>) response).body(html.toString()).contentType(MediaType.TEXT_HTML_TYPE);
    }
}
