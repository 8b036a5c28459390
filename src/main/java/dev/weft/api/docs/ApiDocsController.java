package dev.weft.api.docs;

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
import java.util.Optional;

/**
 * The API's contract and an interactive page over it, without auth: {@code GET /openapi.yml} is the
 * checked-in {@code api/openapi.yml} (the build copies it into the jar), and {@code /docs/api} is Swagger UI
 * with every asset served from its webjar, so the page works on a machine with no internet access.
 * Hidden from the contract itself: these routes describe the API, they are not part of it.
 */
@Hidden
@Controller
public class ApiDocsController {

    static final String CONTRACT = "classpath:api/openapi.yml";
    static final String PAGE = "classpath:api-docs/index.html";
    static final MediaType YAML = MediaType.of("application/yaml");
    private static final String SWAGGER_UI = "swagger-ui";

    private final ResourceResolver resources;
    private final WebJarVersionLocator webJars = new WebJarVersionLocator();

    public ApiDocsController(ResourceResolver resources) {
        this.resources = resources;
    }

    @Get("/openapi.yml")
    public HttpResponse<byte[]> contract() {
        return HttpResponse.ok(read(CONTRACT).orElseThrow(() -> missing(CONTRACT))).contentType(YAML);
    }

    @Get("/docs/api")
    public HttpResponse<byte[]> page() {
        return HttpResponse.ok(read(PAGE).orElseThrow(() -> missing(PAGE))).contentType(MediaType.TEXT_HTML_TYPE);
    }

    /** A file of the Swagger UI webjar (a path variable holds no '/', so nothing outside its folder). */
    @Get("/docs/api/assets/{file}")
    public HttpResponse<byte[]> asset(String file) {
        String path = webJars.fullPath(SWAGGER_UI, file);
        Optional<byte[]> bytes = path == null ? Optional.empty() : read("classpath:" + path);
        return bytes.<HttpResponse<byte[]>>map(b -> HttpResponse.ok(b).contentType(MediaType.forFilename(file)))
                .orElseGet(HttpResponse::notFound);
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

    private static IllegalStateException missing(String resource) {
        return new IllegalStateException(resource + " is not on the classpath: the build packs it into the jar");
    }
}
