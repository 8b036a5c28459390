package dev.weft.web;

import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;
import org.webjars.WebJarVersionLocator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The web app's static files, from the jar: htmx from its webjar and the app's own stylesheet, so the page
 * needs nothing from the internet. Only the files named here are served.
 */
@Hidden
@Controller("/app/assets")
public class AssetsController {

    private final ResourceResolver resources;
    private final Map<String, String> files;

    public AssetsController(ResourceResolver resources) {
        this.resources = resources;
        this.files = Map.of(
                "htmx.min.js", "classpath:" + new WebJarVersionLocator().fullPath("htmx.org", "dist/htmx.min.js"),
                "app.css", "classpath:web/app.css");
    }

    @Get("/{file}")
    public HttpResponse<byte[]> asset(String file) {
        String resource = files.get(file);
        Optional<byte[]> bytes = resource == null ? Optional.empty() : read(resource);
        return bytes.<HttpResponse<byte[]>>map(b -> HttpResponse.ok(b).contentType(MediaType.forFilename(file))
                .header("Cache-Control", "max-age=3600")).orElseGet(HttpResponse::notFound);
    }

    private Optional<byte[]> read(String resource) {
        Optional<InputStream> stream = resources.getResourceAsStream(resource);
        if (stream.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = stream.get()) {
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
