package dev.weft.api.syncs;

import dev.weft.api.ApiErrors;
import dev.weft.api.ApiException;
import dev.weft.api.ErrorBody;
import dev.weft.api.JsonBodies;
import dev.weft.api.Page;
import dev.weft.api.RequiresScope;
import dev.weft.api.RunState;
import dev.weft.syncs.AlreadyExistsException;
import dev.weft.syncs.InvalidSyncException;
import dev.weft.syncs.ReadOnlySyncException;
import dev.weft.syncs.SyncAuthoring;
import dev.weft.syncs.SyncDefinition;
import dev.weft.syncs.SyncDefinitions;
import dev.weft.syncs.SyncExecutor;
import dev.weft.syncs.SyncJobs;
import dev.weft.syncs.SyncNotFoundException;
import dev.weft.syncs.SyncRuns;
import dev.weft.syncs.SyncScheduler;
import dev.weft.syncs.SyncSourceNotReadyException;
import dev.weft.syncs.SyncStates;
import dev.weft.warehouse.Warehouses;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /v1/syncs}: sync definitions (those from git are read-only here), dry runs, runs.
 */
@Tag(name = "syncs")
@Controller("/v1/syncs")
@ExecuteOn(TaskExecutors.BLOCKING)
@ApiResponse(responseCode = "400", description = "Bad input: malformed_json, unknown_field, invalid_type or invalid_request, "
        + "with a JSON Pointer per problem", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "401", description = "Missing, unknown or revoked token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "403", description = "The token lacks the route's scope", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "404", description = "No such sync", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
public class SyncController {

    static final String SYNC_EXAMPLE = """
            {
              "id": "lapsed_to_webhook",
              "source": {"audience": "high-value-lapsed"},
              "destination": {"type": "webhook", "connection": "hook"},
              "mode": "upsert",
              "key": "profile_id",
              "mapping": [{"from": "email", "to": "email", "transforms": ["trim", "lower"]}],
              "schedule": {"every": "3600s", "missed": "run_once"}
            }""";

    private final SyncDefinitions definitions;
    private final SyncAuthoring authoring;
    private final SyncExecutor executor;
    private final SyncScheduler scheduler;
    private final SyncRuns runs;
    private final SyncJobs jobs;
    private final SyncStates states;
    private final Warehouses warehouses;

    public SyncController(SyncDefinitions definitions, SyncAuthoring authoring, SyncExecutor executor,
                          SyncScheduler scheduler, SyncRuns runs, SyncJobs jobs, SyncStates states, Warehouses warehouses) {
        this.definitions = definitions;
        this.authoring = authoring;
        this.executor = executor;
        this.scheduler = scheduler;
        this.runs = runs;
        this.jobs = jobs;
        this.states = states;
        this.warehouses = warehouses;
    }

    /** Every sync: from git (syncs/, read-only here) and made through the API. */
    @Get
    @RequiresScope("syncs:read")
    @Operation(operationId = "listSyncs", summary = "Every sync: from git (syncs/*.yml, read-only) and made through the API")
    public Page<SyncView> list(@Nullable @QueryValue Integer limit, @Nullable @QueryValue String after) {
        return Page.of(definitions.list().stream().map(SyncController::view).toList(), SyncView::id, after, limit);
    }

    /** One sync's definition: source, destination, mode, mapping and schedule. */
    @Get("/{id}")
    @RequiresScope("syncs:read")
    @Operation(operationId = "getSync", summary = "One sync's definition and origin")
    public SyncView get(String id) {
        return view(find(id));
    }

    /** Create a sync from a definition, validated against its source and destination. */
    @Post
    @RequiresScope("syncs:write")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SyncBody.class),
            examples = @ExampleObject(name = "an audience to a webhook, hourly", value = SYNC_EXAMPLE)))
    @Operation(operationId = "createSync", summary = "Create a sync; its connection, source and mapping are checked first")
    @ApiResponse(responseCode = "201", description = "Created; Location names the sync",
            content = @Content(schema = @Schema(implementation = SyncView.class)))
    @ApiResponse(responseCode = "409", description = "A sync with this id exists (conflict)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<SyncView> create(@Body SyncBody body) {
        SyncDefinition sync;
        try {
            sync = authoring.create(JsonBodies.tree(body), "request body");
        } catch (AlreadyExistsException e) {
            throw ApiException.conflict(e.getMessage());
        } catch (InvalidSyncException e) {
            throw badRequest(e);
        } catch (SyncSourceNotReadyException e) {
            throw notReady(e);
        }
        return HttpResponse.created(view(sync), URI.create("/v1/syncs/" + sync.id()));
    }

    /** Replace a sync's definition (syncs from git are read-only here). */
    @Put("/{id}")
    @RequiresScope("syncs:write")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SyncBody.class),
            examples = @ExampleObject(name = "an audience to a webhook, hourly", value = SYNC_EXAMPLE)))
    @Operation(operationId = "replaceSync", summary = "Replace an API-made sync's definition")
    @ApiResponse(responseCode = "200", description = "The sync as replaced")
    @ApiResponse(responseCode = "409", description = "The sync is defined in git (conflict)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public SyncView replace(String id, @Body SyncBody body) {
        try {
            return view(authoring.replace(id, JsonBodies.tree(body), "request body"));
        } catch (ReadOnlySyncException e) {
            throw ApiException.conflict(e.getMessage());
        } catch (SyncNotFoundException e) {
            throw ApiException.notFound("sync '" + id + "'");
        } catch (InvalidSyncException e) {
            throw badRequest(e);
        } catch (SyncSourceNotReadyException e) {
            throw notReady(e);
        }
    }

    /**
     * Deletes the sync and what its delivery kept (state, journal, open jobs, schedule), so a sync made
     * again under its id starts from empty; 409 while a run of it is in progress.
     */
    @Delete("/{id}")
    @RequiresScope("syncs:write")
    @Operation(operationId = "deleteSync", summary = "Delete an API-made sync and what its delivery kept")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = "The sync is defined in git, or a run of it is in progress (conflict)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<Void> delete(String id) {
        refuseGit(id);
        if (!definitions.existsInStore(id)) {
            throw ApiException.notFound("sync '" + id + "'");
        }
        if (!states.drop(id, warehouses.primary())) {
            throw ApiException.conflict("a run of sync '" + id + "' is in progress: delete it when the run has ended");
        }
        definitions.delete(id);
        return HttpResponse.noContent();
    }

    /** Dry run: how many records the next run would add, change and remove, with a sample of each. */
    @Post("/{id}/plan")
    @RequiresScope("syncs:read")
    @Operation(operationId = "planSync", summary = "Dry run: what the next run would add, change and remove, with a sample of each")
    @ApiResponse(responseCode = "200", description = "The plan")
    public SyncPlanView plan(String id, @Schema(minimum = "0", maximum = "100") @QueryValue(defaultValue = "5") int sample) {
        find(id);
        SyncExecutor.DryRun dry = executor.plan(id, Math.max(0, Math.min(sample, 100)));
        Map<String, List<SyncPlanRecord>> samples = new LinkedHashMap<>();
        dry.sample().forEach((operation, records) -> samples.put(operation.name().toLowerCase(Locale.ROOT),
                records.stream().map(r -> new SyncPlanRecord(r.key(), r.fields())).toList()));
        return new SyncPlanView(id, dry.counts().added(), dry.counts().changed(), dry.counts().removed(), dry.counts().withheld(),
                dry.took().toMillis(), samples);
    }

    /** The sync's runs, newest first. */
    @Get("/{id}/runs")
    @RequiresScope("syncs:read")
    @Operation(operationId = "listSyncRuns", summary = "The sync's runs, newest first")
    @ApiResponse(responseCode = "200", description = "A page of runs")
    public Page<SyncRunView> runs(String id, @Nullable @QueryValue Integer limit, @Nullable @QueryValue String after) {
        find(id);
        int size = Page.limit(limit);
        SyncRuns.Run from = after == null ? null : runs.find(after).filter(r -> r.syncId().equals(id))
                .orElseThrow(() -> Page.unknownCursor(after));
        return Page.ofFetched(runs.forSync(id, from, size + 1).stream().map(SyncRunView::of).toList(), size, SyncRunView::id);
    }

    /** Asynchronous vendor jobs the sync submitted (Google Ads, Klaviyo, Salesforce Bulk), newest first. */
    @Get("/{id}/jobs")
    @RequiresScope("syncs:read")
    @Operation(operationId = "listSyncJobs", summary = "Asynchronous vendor jobs the sync submitted (Google Ads, Klaviyo, "
            + "Salesforce Bulk), newest first")
    @ApiResponse(responseCode = "200", description = "A page of jobs")
    public Page<SyncJobView> jobs(String id, @Nullable @QueryValue Integer limit, @Nullable @QueryValue String after) {
        find(id);
        int size = Page.limit(limit);
        SyncJobs.Job from = after == null ? null : jobs.find(id, after).orElseThrow(() -> Page.unknownCursor(after));
        List<SyncJobView> fetched = jobs.forSync(id, from, size + 1).stream().map(j -> new SyncJobView(j.jobId(),
                j.state().name().toLowerCase(Locale.ROOT), j.records(), j.message(), j.runId(), j.settledRunId(), j.submittedAt(),
                j.checkedAt(), j.finishedAt())).toList();
        return Page.ofFetched(fetched, size, SyncJobView::jobId);
    }

    /** Start a run of the sync now; 409 while a run of it is in progress. */
    @Post("/{id}/runs")
    @RequiresScope("syncs:write")
    @Operation(operationId = "triggerSyncRun", summary = "Start a run now, in the background; follow it at its url")
    @ApiResponse(responseCode = "202", description = "The run started; Location is the run",
            content = @Content(schema = @Schema(implementation = SyncRunTriggered.class)))
    @ApiResponse(responseCode = "409", description = "A run of the sync is in progress (conflict)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<SyncRunTriggered> trigger(String id) {
        find(id);
        String runId = scheduler.trigger(id, "api").orElseThrow(() -> ApiException.conflict("a run of sync '" + id
                + "' is in progress (" + scheduler.holder(id).orElse("its lease was just taken") + ")"));
        String url = "/v1/runs/" + runId;
        return HttpResponse.<SyncRunTriggered>status(HttpStatus.ACCEPTED).header(HttpHeaders.LOCATION, url)
                .body(new SyncRunTriggered(runId, id, RunState.RUNNING, url));
    }

    private SyncDefinition find(String id) {
        return definitions.find(id).orElseThrow(() -> ApiException.notFound("sync '" + id + "'"));
    }

    private void refuseGit(String id) {
        try {
            authoring.refuseGit(id);
        } catch (ReadOnlySyncException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }

    /** A source not in the warehouse yet, so its columns cannot be checked: 409 not_ready, as for audiences. */
    private static ApiException notReady(SyncSourceNotReadyException e) {
        return new ApiException(HttpStatus.CONFLICT, "not_ready", e.getMessage(), ApiErrors.details(List.of(e.problem())));
    }

    static ApiException badRequest(InvalidSyncException e) {
        return ApiException.badRequest(e.getMessage(), ApiErrors.details(e.problems()));
    }

    static SyncView view(SyncDefinition d) {
        SyncBody b = JsonBodies.record(SyncDefinitions.toJson(d), SyncBody.class);
        return new SyncView(b.id(), b.source(), b.destination(), b.mode(), b.key(), b.mapping(), b.purpose(), b.onConsentLost(), b.schedule(),
                d.origin());
    }
}
