package dev.weft.web.models;

import dev.weft.api.RequiresScope;
import dev.weft.models.DocsSite;
import dev.weft.models.Lineage;
import dev.weft.models.ModelRunner;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Hidden;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The models' documentation site ({@code weft models docs}) in the web app, rendered from the workspace as it is
 * now on each request, so it never lags the files; behind the session, for tokens with {@code models:read}.
 */
@Hidden
@Controller("/app/models/docs")
@RequiresScope("models:read")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ModelDocsPages {

    private final ModelRunner models;
    private final Lineage lineage;

    public ModelDocsPages(ModelRunner models, Lineage lineage) {
        this.models = models;
        this.lineage = lineage;
    }

    @Get
    public HttpResponse<?> index() {
        return HttpResponse.seeOther(URI.create("/app/models/docs/index.html"));
    }

    /** One page of the site: {@code index.html}, {@code model/<name>.html}, {@code source/<table>.html}, {@code style.css}. */
    @Get("/{+path}")
    public HttpResponse<?> page(String path) {
        return new DocsSite(models.load(Map.of()), lineage.nodes()).pages().stream().filter(p -> p.path().equals(path)).findFirst()
                .<HttpResponse<?>>map(p -> HttpResponse.ok(p.content().getBytes(StandardCharsets.UTF_8))
                        .contentType(MediaType.forFilename(p.path()).toString() + ";charset=utf-8"))
                .orElseGet(HttpResponse::notFound);
    }
}
