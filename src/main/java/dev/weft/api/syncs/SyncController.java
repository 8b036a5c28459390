package dev.weft.api.syncs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.api.ApiErrors;
import dev.weft.api.ApiException;
import dev.weft.api.RequiresScope;
import dev.weft.destinations.Operation;
import dev.weft.destinations.SyncRecord;
import dev.weft.syncs.AlreadyExistsException;
import dev.weft.syncs.InvalidSyncException;
import dev.weft.syncs.SyncDefinition;
import dev.weft.syncs.SyncDefinitionParser;
import dev.weft.syncs.SyncDefinitions;
import dev.weft.syncs.SyncExecutor;
import dev.weft.syncs.SyncJobs;
import dev.weft.syncs.SyncRuns;
import dev.weft.syncs.SyncScheduler;
import dev.weft.syncs.SyncSourceNotReadyException;
import dev.weft.syncs.SyncStates;
import dev.weft.syncs.SyncValidator;
import dev.weft.warehouse.Warehouses;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /v1/syncs}: sync definitions (those from git are read-only here), dry runs, runs.
 */
@Tag(name = "syncs")
@Controller("/v1/syncs")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SyncController {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SyncDefinitions definitions;
    private final SyncValidator validator;
    private final SyncExecutor executor;
    private final SyncScheduler scheduler;
    private final SyncRuns runs;
    private final SyncJobs jobs;
    private final SyncStates states;
    private final Warehouses warehouses;

    public SyncController(SyncDefinitions definitions, SyncValidator validator, SyncExecutor executor,
                          SyncScheduler scheduler, SyncRuns runs, SyncJobs jobs, SyncStates states, Warehouses warehouses) {
        this.definitions = definitions;
        this.validator = validator;
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
    public Map<String, Object> list() {
        return Map.of("syncs", definitions.list().stream().map(SyncController::view).toList());
    }

    /** One sync's definition: source, destination, mode, mapping and schedule. */
    @Get("/{id}")
    @RequiresScope("syncs:read")
    public JsonNode get(String id) {
        return view(find(id));
    }

    /** Create a sync from a definition, validated against its source and destination. */
    @Post
    @RequiresScope("syncs:write")
    public HttpResponse<JsonNode> create(@Body JsonNode body) {
        SyncDefinition sync = parse(body, null);
        if (definitions.find(sync.id()).isPresent()) {
            throw ApiException.conflict("a sync '" + sync.id() + "' exists" + (definitions.isInGit(sync.id()) ? " in git (syncs/" + sync.id() + ".yml)" : ""));
        }
        check(sync);
        try {
            definitions.create(sync);
        } catch (AlreadyExistsException e) {
            throw ApiException.conflict(e.getMessage());
        }
        return HttpResponse.created(view(sync));
    }

    /** Replace a sync's definition (syncs from git are read-only here). */
    @Put("/{id}")
    @RequiresScope("syncs:write")
    public JsonNode replace(String id, @Body JsonNode body) {
        refuseGit(id);
        if (!definitions.existsInStore(id)) {
            throw ApiException.notFound("sync '" + id + "'");
        }
        SyncDefinition sync = parse(body, id);
        if (!sync.id().equals(id)) {
            throw ApiException.badRequest("the body's id differs from the path", List.of(new ApiException.Detail("/id",
                    "must be '" + id + "' (or left out)")));
        }
        check(sync);
        definitions.save(sync);
        return view(sync);
    }

    /**
     * Deletes the sync and what its delivery kept (state, journal, open jobs, schedule), so a sync made
     * again under its id starts from empty; 409 while a run of it is in progress.
     */
    @Delete("/{id}")
    @RequiresScope("syncs:write")
    public HttpResponse<?> delete(String id) {
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
    public JsonNode plan(String id, @QueryValue(defaultValue = "5") int sample) {
        find(id);
        SyncExecutor.DryRun dry = executor.plan(id, Math.max(0, Math.min(sample, 100)));
        ObjectNode out = JSON.createObjectNode();
        out.put("sync_id", id);
        out.put("added", dry.counts().added());
        out.put("changed", dry.counts().changed());
        out.put("removed", dry.counts().removed());
        out.put("plan_ms", dry.took().toMillis());
        ObjectNode samples = out.putObject("sample");
        for (Map.Entry<Operation, List<SyncRecord>> e : dry.sample().entrySet()) {
            ArrayNode list = samples.putArray(e.getKey().name().toLowerCase(Locale.ROOT));
            for (SyncRecord r : e.getValue()) {
                ObjectNode rec = list.addObject();
                rec.put("key", r.key());
                rec.set("fields", JSON.valueToTree(r.fields()));
            }
        }
        return out;
    }

    /** The sync's runs, newest first. */
    @Get("/{id}/runs")
    @RequiresScope("syncs:read")
    public Map<String, Object> runs(String id, @QueryValue(defaultValue = "20") int limit) {
        find(id);
        return Map.of("runs", runs.forSync(id, Math.max(1, Math.min(limit, 200))).stream().map(RunController::view).toList());
    }

    /** Asynchronous vendor jobs the sync submitted (Google Ads, Klaviyo, Salesforce Bulk), newest first. */
    @Get("/{id}/jobs")
    @RequiresScope("syncs:read")
    public Map<String, Object> jobs(String id, @QueryValue(defaultValue = "20") int limit) {
        find(id);
        return Map.of("jobs", jobs.forSync(id, Math.max(1, Math.min(limit, 200))).stream().map(j -> {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("job_id", j.jobId());
            m.put("state", j.state().name().toLowerCase(java.util.Locale.ROOT));
            m.put("records", j.records());
            m.put("message", j.message());
            m.put("run_id", j.runId());
            m.put("settled_by_run_id", j.settledRunId());
            m.put("submitted_at", j.submittedAt().toString());
            m.put("checked_at", j.checkedAt() == null ? null : j.checkedAt().toString());
            m.put("finished_at", j.finishedAt() == null ? null : j.finishedAt().toString());
            return m;
        }).toList());
    }

    /** Start a run of the sync now; 409 while a run of it is in progress. */
    @Post("/{id}/runs")
    @RequiresScope("syncs:write")
    public HttpResponse<Map<String, Object>> trigger(String id) {
        find(id);
        String runId = scheduler.trigger(id, "api").orElseThrow(() -> ApiException.conflict("a run of sync '" + id
                + "' is in progress (" + scheduler.holder(id).orElse("its lease was just taken") + ")"));
        return HttpResponse.<Map<String, Object>>status(HttpStatus.ACCEPTED)
                .body(Map.of("run_id", runId, "sync_id", id, "status", "running", "url", "/v1/runs/" + runId));
    }

    private SyncDefinition find(String id) {
        return definitions.find(id).orElseThrow(() -> ApiException.notFound("sync '" + id + "'"));
    }

    private void refuseGit(String id) {
        if (definitions.isInGit(id)) {
            throw ApiException.conflict("sync '" + id + "' is defined in git (syncs/" + id + ".yml): change it there");
        }
    }

    private static SyncDefinition parse(JsonNode body, String pathId) {
        try {
            return SyncDefinitionParser.parse(body, pathId, "api", "request body");
        } catch (InvalidSyncException e) {
            throw badRequest(e);
        }
    }

    /** Destination and source columns; a source not in the warehouse yet is 409 not_ready, as for audiences. */
    private void check(SyncDefinition sync) {
        try {
            validator.validate(sync);
        } catch (InvalidSyncException e) {
            throw badRequest(e);
        } catch (SyncSourceNotReadyException e) {
            throw new ApiException(HttpStatus.CONFLICT, "not_ready", e.getMessage(), ApiErrors.details(List.of(e.problem())));
        }
    }

    static ApiException badRequest(InvalidSyncException e) {
        return ApiException.badRequest(e.getMessage(), ApiErrors.details(e.problems()));
    }

    static ObjectNode view(SyncDefinition d) {
        ObjectNode n = SyncDefinitions.toJson(d);
        n.put("origin", d.origin());
        return n;
    }
}
