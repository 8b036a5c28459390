package dev.weft.api.pipeline;

import dev.weft.WeftException;
import dev.weft.api.ApiException;
import dev.weft.api.ErrorBody;
import dev.weft.api.Page;
import dev.weft.api.RequiresScope;
import dev.weft.api.RunState;
import dev.weft.pipeline.Pipeline;
import dev.weft.pipeline.PipelineBusyException;
import dev.weft.pipeline.PipelineGraph;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The pipeline over REST: its DAG of assets, runs that build what is stale (started in the background and
 * followed by id), and their history.
 */
@Tag(name = "pipeline")
@Controller("/v1/pipeline")
@ApiResponse(responseCode = "400", description = "Bad input: invalid_request, with a JSON Pointer per problem",
        content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "401", description = "Missing, unknown or revoked token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "403", description = "The token lacks the route's scope", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
public class PipelineController {

    /** Runs kept for listing: the newest, which is what the history is read for. */
    private static final int HISTORY = 1000;

    private final Pipeline pipeline;

    public PipelineController(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Get
    @RequiresScope("pipeline:read")
    @Operation(operationId = "getPipeline", summary = "The pipeline's DAG: sources, models, identity, audiences and syncs in run order, "
            + "each with what it reads and what reads it, and each source's latest freshness check")
    @ApiResponse(responseCode = "200", description = "The DAG")
    @ApiResponse(responseCode = "422", description = "The workspace's definitions do not load (invalid_pipeline)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public PipelineView graph() {
        PipelineGraph graph;
        try {
            graph = pipeline.graph();
        } catch (WeftException e) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "invalid_pipeline", e.getMessage());
        }
        var freshness = pipeline.sourceFreshness();
        return new PipelineView(graph.assets().stream().map(a -> PipelineAssetView.of(a, graph, freshness)).toList());
    }

    @Post("/runs")
    @RequiresScope("pipeline:write")
    @Operation(operationId = "startPipelineRun", summary = "Starts a run that builds the stale assets in DAG order and skips the others; "
            + "follow it with GET /v1/pipeline/runs/{id}")
    @ApiResponse(responseCode = "202", description = "The run started; Location is the run",
            content = @Content(schema = @Schema(implementation = PipelineRunStarted.class)))
    @ApiResponse(responseCode = "409", description = "A pipeline run is in progress (conflict)",
            content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<PipelineRunStarted> run() {
        try {
            String id = pipeline.start("api");
            String url = "/v1/pipeline/runs/" + id;
            return HttpResponse.<PipelineRunStarted>status(HttpStatus.ACCEPTED).header(HttpHeaders.LOCATION, url)
                    .body(new PipelineRunStarted(id, RunState.RUNNING, url));
        } catch (PipelineBusyException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }

    @Get("/runs")
    @RequiresScope("pipeline:read")
    @Operation(operationId = "listPipelineRuns", summary = "Pipeline runs, newest first: trigger, state, and each asset built, skipped "
            + "(with why) or failed, with seconds and rows")
    public Page<PipelineRunView> runs(@Nullable @QueryValue Integer limit, @Nullable @QueryValue String after) {
        return Page.of(pipeline.runs().recent(HISTORY).stream().map(PipelineRunView::of).toList(), PipelineRunView::id, after, limit);
    }

    @Get("/runs/{id}")
    @RequiresScope("pipeline:read")
    @Operation(operationId = "getPipelineRun", summary = "One pipeline run: its state and each asset's outcome, reason, seconds and rows")
    @ApiResponse(responseCode = "200", description = "The run")
    @ApiResponse(responseCode = "404", description = "No such run", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public PipelineRunView run(String id) {
        return PipelineRunView.of(pipeline.runs().find(id).orElseThrow(() -> ApiException.notFound("pipeline run '" + id + "'")));
    }
}
