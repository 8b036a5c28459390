package dev.weft.api.models;

import dev.weft.WeftException;
import dev.weft.api.ApiException;
import dev.weft.api.ErrorBody;
import dev.weft.api.Page;
import dev.weft.api.RequiresScope;
import dev.weft.api.RunState;
import dev.weft.models.Model;
import dev.weft.models.ModelProject;
import dev.weft.models.ModelRunner;
import dev.weft.models.RunOptions;
import dev.weft.models.SchemaTest;
import dev.weft.models.ModelState;
import dev.weft.models.Selection;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The workspace's models over REST: what they are (SQL as written and compiled for the warehouse,
 * config, lineage, last run), and runs started in the background and followed by id.
 */
@Tag(name = "models")
@Controller("/v1/models")
@ApiResponse(responseCode = "400", description = "Bad input: malformed_json, unknown_field, invalid_type or invalid_request, "
        + "with a JSON Pointer per problem", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "401", description = "Missing, unknown or revoked token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "403", description = "The token lacks the route's scope", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "422", description = "The workspace's models do not load (invalid_models)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
public class ModelsController {

    private final ModelRunner runner;

    public ModelsController(ModelRunner runner) {
        this.runner = runner;
    }

    @Get
    @RequiresScope("models:read")
    @Operation(operationId = "listModels", summary = "Every model in the workspace, in run order, with its direct lineage")
    public Page<ModelSummary> list(@Nullable @QueryValue Integer limit, @Nullable @QueryValue String after) {
        ModelProject project = load(Map.of());
        return Page.of(project.graph().order().stream().map(name -> {
            Model m = project.model(name);
            return new ModelSummary(name, m.file(), m.config().materialized().label(),
                    project.graph().upstream(name), project.graph().downstream(name));
        }).toList(), ModelSummary::name, after, limit);
    }

    @Get("/{name}")
    @RequiresScope("models:read")
    @Operation(operationId = "getModel", summary = "One model: its SQL as written and as compiled for the warehouse, config, lineage and last run")
    @ApiResponse(responseCode = "200", description = "The model")
    @ApiResponse(responseCode = "404", description = "No such model", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public ModelDetail get(String name) {
        ModelProject project = load(Map.of());
        Model m = project.models().get(name);
        if (m == null) {
            throw ApiException.notFound("model '" + name + "'");
        }
        ModelLastRun last = runner.runs().lastRun(name).map(l -> new ModelLastRun(l.runId(), ModelRunView.state(l.result().status()),
                l.result().startedAt(), l.result().durationMs(), l.result().rowsAffected(), l.result().sqlHash(),
                l.result().error(), l.commitSha(), l.dirty())).orElse(null);
        List<String> tests = project.tests().stream().filter(t -> t.model().equals(name)).map(SchemaTest::name).toList();
        return new ModelDetail(name, m.file(), new ModelConfig(m.config().materialized().label(), m.config().uniqueKey()),
                m.template(), m.sql(), project.graph().upstream(name), project.graph().downstream(name), m.sources(),
                tests, last);
    }

    @Post("/runs")
    @RequiresScope("models:write")
    @Operation(operationId = "startModelRun", summary = "Starts a run of the selected models (dbt selector syntax); follow it with "
            + "GET /v1/models/runs/{id}")
    @ApiResponse(responseCode = "202", description = "The run started; Location is the run",
            content = @Content(schema = @Schema(implementation = ModelRunStarted.class)))
    public HttpResponse<ModelRunStarted> run(@Body @Nullable ModelRunRequest request) {
        ModelRunRequest r = request == null ? new ModelRunRequest(null, null, null, null) : request;
        Map<String, String> vars = r.vars() == null ? Map.of() : r.vars();
        Selection selection = new Selection(r.select(), r.exclude());
        checkSelectors(load(vars), runner.state().orElse(null), r);
        try {
            String id = runner.start(new RunOptions(selection, Boolean.TRUE.equals(r.fullRefresh()), vars, null, null, null));
            String url = "/v1/models/runs/" + id;
            return HttpResponse.<ModelRunStarted>status(HttpStatus.ACCEPTED).header(HttpHeaders.LOCATION, url)
                    .body(new ModelRunStarted(id, RunState.RUNNING, url));
        } catch (WeftException e) {
            throw invalidModels(e);
        }
    }

    @Get("/runs/{id}")
    @RequiresScope("models:read")
    @Operation(operationId = "getModelRun", summary = "A models run: status, commit, and per model status, duration, rows, "
            + "compiled SQL and error")
    @ApiResponse(responseCode = "200", description = "The run")
    @ApiResponse(responseCode = "404", description = "No such run", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public ModelRunView runStatus(String id) {
        return ModelRunView.of(runner.runs().find(id).orElseThrow(() -> ApiException.notFound("models run '" + id + "'")));
    }

    private ModelProject load(Map<String, String> vars) {
        try {
            return runner.load(vars);
        } catch (WeftException e) {
            throw invalidModels(e);
        }
    }

    /** One detail per selector that matches nothing, with its JSON Pointer. */
    private static void checkSelectors(ModelProject project, ModelState state, ModelRunRequest r) {
        List<ApiException.Detail> details = new ArrayList<>();
        check(project, state, r.select(), "/select", details);
        check(project, state, r.exclude(), "/exclude", details);
        if (!details.isEmpty()) {
            throw ApiException.badRequest("the selection names models or sources that do not exist", details);
        }
    }

    private static void check(ModelProject project, ModelState state, List<String> terms, String pointer,
                              List<ApiException.Detail> details) {
        if (terms == null) {
            return;
        }
        for (int i = 0; i < terms.size(); i++) {
            try {
                for (String warning : Selection.of(terms.get(i)).select(project, state).warnings()) {
                    details.add(new ApiException.Detail(pointer + "/" + i, warning));
                }
            } catch (WeftException e) {
                details.add(new ApiException.Detail(pointer + "/" + i, e.getMessage()));
            }
        }
    }

    private static ApiException invalidModels(WeftException e) {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "invalid_models", e.getMessage());
    }
}
