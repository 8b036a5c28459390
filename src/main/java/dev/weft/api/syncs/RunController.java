package dev.weft.api.syncs;

import dev.weft.api.ApiException;
import dev.weft.api.ErrorBody;
import dev.weft.api.Page;
import dev.weft.api.RequiresScope;
import dev.weft.syncs.SyncRuns;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;

/** {@code /v1/runs}: one sync run and its per-row errors (paged by the last error id seen, {@code ?after=}). */
@Tag(name = "syncs")
@Controller("/v1/runs")
@ExecuteOn(TaskExecutors.BLOCKING)
@ApiResponse(responseCode = "400", description = "A bad query parameter (invalid_parameter)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "401", description = "Missing, unknown or revoked token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "403", description = "The token lacks the route's scope", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "404", description = "No such run", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
public class RunController {

    private final SyncRuns runs;

    public RunController(SyncRuns runs) {
        this.runs = runs;
    }

    /** One sync run: status, counts, timings and the reason it failed, if it did. */
    @Get("/{id}")
    @RequiresScope("syncs:read")
    @Operation(operationId = "getSyncRun", summary = "One sync run: its state, what it planned, sent and settled, and timings")
    public SyncRunView get(String id) {
        return SyncRunView.of(runs.find(id).orElseThrow(() -> ApiException.notFound("run '" + id + "'")));
    }

    /** A sync run's per-row errors, paged by the last error id seen. */
    @Get("/{id}/errors")
    @RequiresScope("syncs:read")
    @Operation(operationId = "listSyncRunErrors", summary = "The records a run could not deliver, in the order they failed")
    public Page<SyncRowErrorView> errors(String id, @Nullable @QueryValue Long after, @Nullable @QueryValue Integer limit) {
        runs.find(id).orElseThrow(() -> ApiException.notFound("run '" + id + "'"));
        int size = Page.limit(limit);
        List<SyncRowErrorView> fetched = runs.errors(id, after == null ? 0 : after, size + 1).stream()
                .map(e -> new SyncRowErrorView(e.id(), e.recordKey(), e.operation(), e.outcome(), e.message(), e.failedAt())).toList();
        return Page.ofFetched(fetched, size, e -> String.valueOf(e.id()));
    }
}
