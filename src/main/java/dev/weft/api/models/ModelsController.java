package dev.weft.api.models;

import dev.weft.WeftException;
import dev.weft.api.ApiException;
import dev.weft.api.RequiresScope;
import dev.weft.models.Model;
import dev.weft.models.ModelProject;
import dev.weft.models.ModelRunner;
import dev.weft.models.RunOptions;
import dev.weft.models.RunSummary;
import dev.weft.models.SchemaTest;
import dev.weft.models.Selection;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The workspace's models over REST: what they are (SQL as written and compiled for the warehouse,
 * config, lineage, last run), and runs started in the background and followed by id.
 */
@Tag(name = "models")
@Controller("/v1/models")
public class ModelsController {

    private final ModelRunner runner;

    public ModelsController(ModelRunner runner) {
        this.runner = runner;
    }

    public record ModelSummary(String name, String file, String materialized, Set<String> upstream, Set<String> downstream) {
    }

    public record ModelDetail(String name, String file, Config config, String sql, String compiledSql,
                              Set<String> upstream, Set<String> downstream, List<String> sources,
                              List<String> tests, @Nullable LastRun lastRun) {
    }

    public record Config(String materialized, List<String> uniqueKey) {
    }

    public record LastRun(String runId, String status, String startedAt, long durationMs, @Nullable Long rowsAffected,
                          @Nullable String sqlHash, @Nullable String error, @Nullable String commitSha, boolean dirty) {
    }

    /** Body of {@code POST /v1/models/runs}; every field optional (no selection runs every model). */
    public record RunRequest(@Nullable List<String> select, @Nullable List<String> exclude,
                             @Nullable Boolean fullRefresh, @Nullable Map<String, String> vars) {
    }

    public record RunStarted(String id, String status) {
    }

    @Get
    @RequiresScope("models:read")
    @Operation(summary = "Every model in the workspace, in run order, with its direct lineage")
    public List<ModelSummary> list() {
        ModelProject project = load(Map.of());
        return project.graph().order().stream().map(name -> {
            Model m = project.model(name);
            return new ModelSummary(name, m.file(), m.config().materialized().label(),
                    project.graph().upstream(name), project.graph().downstream(name));
        }).toList();
    }

    @Get("/{name}")
    @RequiresScope("models:read")
    @Operation(summary = "One model: its SQL as written and as compiled for the warehouse, config, lineage and last run")
    public ModelDetail get(String name) {
        ModelProject project = load(Map.of());
        Model m = project.models().get(name);
        if (m == null) {
            throw ApiException.notFound("model '" + name + "'");
        }
        LastRun last = runner.runs().lastRun(name).map(l -> new LastRun(l.runId(), l.result().status().label(),
                l.result().startedAt().toString(), l.result().durationMs(), l.result().rowsAffected(), l.result().sqlHash(),
                l.result().error(), l.commitSha(), l.dirty())).orElse(null);
        List<String> tests = project.tests().stream().filter(t -> t.model().equals(name)).map(SchemaTest::name).toList();
        return new ModelDetail(name, m.file(), new Config(m.config().materialized().label(), m.config().uniqueKey()),
                m.template(), m.sql(), project.graph().upstream(name), project.graph().downstream(name), m.sources(),
                tests, last);
    }

    @Post("/runs")
    @Status(HttpStatus.ACCEPTED)
    @RequiresScope("models:write")
    @Operation(summary = "Starts a run of the selected models (dbt selector syntax); follow it with GET /v1/models/runs/{id}")
    public RunStarted run(@Body @Nullable RunRequest request) {
        RunRequest r = request == null ? new RunRequest(null, null, null, null) : request;
        Map<String, String> vars = r.vars() == null ? Map.of() : r.vars();
        Selection selection = new Selection(r.select(), r.exclude());
        checkSelectors(load(vars), r);
        try {
            String id = runner.start(new RunOptions(selection, Boolean.TRUE.equals(r.fullRefresh()), vars, null, null, null));
            return new RunStarted(id, "running");
        } catch (WeftException e) {
            throw invalidModels(e);
        }
    }

    @Get("/runs/{id}")
    @RequiresScope("models:read")
    @Operation(summary = "A models run: status, commit, and per model status, duration, rows, compiled SQL and error")
    public RunSummary runStatus(String id) {
        return runner.runs().find(id).orElseThrow(() -> ApiException.notFound("models run '" + id + "'"));
    }

    private ModelProject load(Map<String, String> vars) {
        try {
            return runner.load(vars);
        } catch (WeftException e) {
            throw invalidModels(e);
        }
    }

    /** One detail per selector that matches nothing, with its JSON Pointer. */
    private static void checkSelectors(ModelProject project, RunRequest r) {
        List<ApiException.Detail> details = new ArrayList<>();
        check(project, r.select(), "/select", details);
        check(project, r.exclude(), "/exclude", details);
        if (!details.isEmpty()) {
            throw ApiException.badRequest("the selection names models or sources that do not exist", details);
        }
    }

    private static void check(ModelProject project, List<String> terms, String pointer, List<ApiException.Detail> details) {
        if (terms == null) {
            return;
        }
        for (int i = 0; i < terms.size(); i++) {
            try {
                Selection.of(terms.get(i)).resolve(project);
            } catch (WeftException e) {
                details.add(new ApiException.Detail(pointer + "/" + i, e.getMessage().replaceFirst("^--select ", "")));
            }
        }
    }

    private static ApiException invalidModels(WeftException e) {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "invalid_models", e.getMessage());
    }
}
