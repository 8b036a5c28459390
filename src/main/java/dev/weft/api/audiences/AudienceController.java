package dev.weft.api.audiences;

import dev.weft.api.ApiErrors;
import dev.weft.api.ApiException;
import dev.weft.api.ApiToken;
import dev.weft.api.BearerAuthFilter;
import dev.weft.api.ErrorBody;
import dev.weft.api.JsonBodies;
import dev.weft.api.Page;
import dev.weft.api.RequiresScope;
import dev.weft.audiences.AsOf;
import dev.weft.audiences.AudienceCatalogue;
import dev.weft.audiences.AudiencePreviews;
import dev.weft.audiences.AudienceRuns;
import dev.weft.warehouse.WarehouseTimeoutException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
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

/**
 * {@code /v1/audiences}: marketers define cohorts as JSON condition trees (see README "Audiences"),
 * preview them, compare them and read their size history. Bodies are typed records (malformed JSON and
 * unknown fields answer like every route); the condition trees in them go to the audiences feature as
 * JSON, and what it refuses is answered by {@link AudienceErrorHandler}. Every 4xx is documented at the
 * class level, once.
 */
@Controller("/v1/audiences")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "audiences")
@ApiResponse(responseCode = "400", description = "Bad input: malformed_json, unknown_field, invalid_type, invalid_value or "
        + "invalid_request, with a JSON Pointer per problem", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "401", description = "Missing, unknown or revoked token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "403", description = "The token lacks the route's scope", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
public class AudienceController {

    static final String DEFINITION_EXAMPLE = """
            {
              "name": "High-value customers, no order in 60 days",
              "conditions": [
                {"type": "trait", "column": "lifetime_value", "operator": "greater_than_or_equal", "value": 500},
                {"type": "event", "event": "order_completed", "count": {"operator": "exactly", "value": 0},
                 "window": {"last": {"amount": 60, "unit": "days"}}},
                {"type": "or", "conditions": [
                  {"type": "trait", "column": "country", "operator": "in", "value": ["DE", "FR"]},
                  {"type": "not", "condition": {"type": "audience", "operator": "in", "audience": "cart-abandoners-7d"}}
                ]}
              ],
              "split": {"name": "holdout", "groups": [{"name": "holdout", "percent": 10}, {"name": "target", "percent": 90}]}
            }""";

    static final String PREVIEW_EXAMPLE = """
            {
              "definition": {"conditions": [
                {"type": "event", "event": "added_to_cart", "window": {"last": {"amount": 7, "unit": "days"}}},
                {"type": "event", "event": "order_completed", "count": {"operator": "exactly", "value": 0},
                 "window": {"last": {"amount": 7, "unit": "days"}}}
              ]},
              "sample": {"size": 5, "traits": ["email", "country"]}
            }""";

    private final AudienceCatalogue audiences;
    private final AudiencePreviews previews;
    private final AudienceRuns runs;

    public AudienceController(AudienceCatalogue audiences, AudiencePreviews previews, AudienceRuns runs) {
        this.audiences = audiences;
        this.previews = previews;
        this.runs = runs;
    }

    @Get
    @RequiresScope("audiences:read")
    @Operation(operationId = "listAudiences", summary = "All audiences: from git (audiences/*.json, read-only) and made through "
            + "the API, each with its last_run (succeeded or failed, and why); a git file that is no audience is listed with "
            + "'invalid' saying why")
    public Page<AudienceView> list(@Nullable @QueryValue Integer limit, @Nullable @QueryValue String after) {
        return Page.of(audiences.list().stream().map(AudienceView::of).toList(), AudienceView::id, after, limit);
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope("audiences:write")
    @Operation(operationId = "createAudience", summary = "Create an audience from a condition tree (version 1)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AudienceBody.class),
            examples = @ExampleObject(name = "lapsed high-value customers with a 10% holdout", value = DEFINITION_EXAMPLE)))
    @ApiResponse(responseCode = "201", description = "Created; Location names the audience",
            content = @Content(schema = @Schema(implementation = AudienceView.class)))
    @ApiResponse(responseCode = "409", description = "The models the definition reads are not built yet (not_ready)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<AudienceView> create(@Body AudienceBody body, @RequestAttribute(BearerAuthFilter.TOKEN_ATTRIBUTE) ApiToken token) {
        AudienceView created = AudienceView.of(audiences.create(JsonBodies.tree(body), token.name()));
        return HttpResponse.created(created, URI.create("/v1/audiences/" + created.id()));
    }

    @Get("/{id}")
    @RequiresScope("audiences:read")
    @Operation(operationId = "getAudience", summary = "One audience with its current definition and last_run; a git file that is "
            + "no audience: 409 saying why")
    @ApiResponse(responseCode = "200", description = "The audience")
    @ApiResponse(responseCode = "404", description = "No such audience", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "A git file that is no audience (invalid_audience)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public AudienceView get(String id) {
        return AudienceView.of(audiences.get(id));
    }

    @Put("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope("audiences:write")
    @Operation(operationId = "replaceAudience", summary = "Replace an audience's definition: adds a version recording who and when "
            + "(git audiences: 409)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AudienceBody.class),
            examples = @ExampleObject(name = "definition", value = DEFINITION_EXAMPLE)))
    @ApiResponse(responseCode = "200", description = "The audience, at its new version")
    @ApiResponse(responseCode = "404", description = "No such audience", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "The audience comes from git (read_only)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public AudienceView update(String id, @Body AudienceBody body, @RequestAttribute(BearerAuthFilter.TOKEN_ATTRIBUTE) ApiToken token) {
        return AudienceView.of(audiences.update(id, JsonBodies.tree(body), token.name()));
    }

    @Delete("/{id}")
    @RequiresScope("audiences:write")
    @Operation(operationId = "deleteAudience", summary = "Delete an audience; 409 naming the syncs when syncs use it, or when it "
            + "comes from git")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No such audience", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "Syncs use it, or it comes from git", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<Void> delete(String id) {
        audiences.delete(id);
        return HttpResponse.noContent();
    }

    @Get("/{id}/versions")
    @RequiresScope("audiences:read")
    @Operation(operationId = "listAudienceVersions", summary = "Every version of an audience, newest first, with who (token name) and when")
    @ApiResponse(responseCode = "200", description = "A page of versions")
    @ApiResponse(responseCode = "404", description = "No such audience", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Page<AudienceVersionView> versions(String id, @Nullable @QueryValue Integer limit, @Nullable @QueryValue String after) {
        return Page.of(audiences.versions(id).stream().map(AudienceVersionView::of).toList(), v -> String.valueOf(v.version()), after, limit);
    }

    @Get("/{id}/history")
    @RequiresScope("audiences:read")
    @Operation(operationId = "listAudienceRuns", summary = "Size history: size, entries and exits per materialization run, newest first")
    @ApiResponse(responseCode = "200", description = "A page of runs")
    @ApiResponse(responseCode = "404", description = "No such audience", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public Page<AudienceRunView> history(String id, @Nullable @QueryValue Integer limit, @Nullable @QueryValue String after) {
        return Page.of(runs.history(id).stream().map(AudienceRunView::of).toList(), AudienceRunView::runId, after, limit);
    }

    @Post("/{id}/runs")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope("audiences:write")
    @Operation(operationId = "runAudience", summary = "Materialize one audience into weft_audience_members now and answer the "
            + "finished run, with the as_of its relative windows ended at; a failure is also recorded as its last_run")
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AudienceRunRequest.class),
            examples = @ExampleObject(name = "the last 7 days before the latest event", value = "{\"as_of\": \"latest_event\"}")))
    @ApiResponse(responseCode = "200", description = "The run, finished")
    @ApiResponse(responseCode = "404", description = "No such audience", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "The audience or the models it reads are not ready", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public AudienceRunView run(String id, @Nullable @Body AudienceRunRequest body) {
        AsOf asOf = body == null || body.asOf() == null ? null : AsOf.parse(body.asOf(), "/as_of");
        return AudienceRunView.of(runs.runOne(id, asOf));
    }

    @Post("/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope("audiences:read")
    @Operation(operationId = "previewAudience", summary = "Count, per-split counts, a sample of profiles with chosen traits, and "
            + "the SQL of a definition (unsaved in 'definition', or saved: 'audience': id), and the as_of its relative windows ended at")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AudiencePreviewRequest.class),
            examples = @ExampleObject(name = "cart abandoners in the last 7 days", value = PREVIEW_EXAMPLE)))
    @ApiResponse(responseCode = "200", description = "The preview")
    @ApiResponse(responseCode = "404", description = "No such saved audience", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "503", description = "Stopped by the interactive time limit (query_timeout)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public AudiencePreviewView preview(@Body AudiencePreviewRequest body) {
        try {
            return AudiencePreviewView.of(previews.preview(JsonBodies.tree(body)));
        } catch (WarehouseTimeoutException e) {
            throw tooExpensive("preview", e);
        }
    }

    @Post("/overlap")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope("audiences:read")
    @Operation(operationId = "overlapAudiences", summary = "Sizes, pairwise intersections and unique members of 2 to 10 audiences")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AudienceOverlapRequest.class),
            examples = @ExampleObject(name = "two audiences", value = "{\"audiences\": [\"high-value-lapsed\", \"cart-abandoners-7d\"]}")))
    @ApiResponse(responseCode = "200", description = "The overlap")
    @ApiResponse(responseCode = "503", description = "Stopped by the interactive time limit (query_timeout)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public AudienceOverlapView overlap(@Body AudienceOverlapRequest body) {
        try {
            return AudienceOverlapView.of(previews.overlap(JsonBodies.tree(body)));
        } catch (WarehouseTimeoutException e) {
            throw tooExpensive("overlap", e);
        }
    }

    /** A preview or overlap stopped by the interactive time limit: 503 saying what to do instead. */
    private static ApiException tooExpensive(String what, WarehouseTimeoutException e) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ApiErrors.QUERY_TIMEOUT, "the " + what + " ran longer than the "
                + e.limit().toSeconds() + " s limit for interactive queries and was stopped: the definition is too expensive to "
                + what + " on demand. Make it cheaper (fewer conditions and audience references, shorter event windows), or "
                + "save it and materialize it (POST /v1/audiences/{id}/runs or weft audiences run), which has no time limit");
    }
}
