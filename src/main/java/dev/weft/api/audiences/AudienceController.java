package dev.weft.api.audiences;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.api.ApiErrors;
import dev.weft.api.ApiException;
import dev.weft.api.ApiToken;
import dev.weft.api.BearerAuthFilter;
import dev.weft.api.RequiresScope;
import dev.weft.audiences.Audience;
import dev.weft.audiences.AudienceCatalogue;
import dev.weft.audiences.AudiencePreviews;
import dev.weft.audiences.AudienceRun;
import dev.weft.audiences.AudienceRuns;
import dev.weft.audiences.AudienceVersion;
import dev.weft.definitions.JsonChecks;
import dev.weft.warehouse.WarehouseTimeoutException;
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
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;

/**
 * {@code /v1/audiences}: marketers define cohorts as JSON condition trees (see README "Audiences"),
 * preview them, compare them and read their size history. Bodies are read as text and parsed here, so
 * every problem, including malformed JSON and unknown fields, answers 400 with a JSON Pointer; what the
 * audiences feature refuses is answered by {@link AudienceErrorHandler}.
 */
@Controller("/v1/audiences")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "audiences")
public class AudienceController {

    static final String SCHEMA_NOTE = "An audience definition (name, description, conditions, split) or a request holding one; "
            + "the condition tree is documented in the README, section Audiences. Unknown fields are rejected.";

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
    private final ObjectMapper json = new ObjectMapper();

    public AudienceController(AudienceCatalogue audiences, AudiencePreviews previews, AudienceRuns runs) {
        this.audiences = audiences;
        this.previews = previews;
        this.runs = runs;
    }

    @Get
    @RequiresScope("audiences:read")
    @Operation(summary = "All audiences: from git (audiences/*.json, read-only) and made through the API, each with its "
            + "lastRun (ok or failed, and why); a git file that is no audience is listed with 'invalid' saying why")
    public List<Audience> list() {
        return audiences.list();
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope("audiences:write")
    @Operation(summary = "Create an audience from a condition tree (version 1)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = "object", description = SCHEMA_NOTE),
            examples = @ExampleObject(name = "lapsed high-value customers with a 10% holdout", value = DEFINITION_EXAMPLE)))
    public HttpResponse<Audience> create(@Body String body, @RequestAttribute(BearerAuthFilter.TOKEN_ATTRIBUTE) ApiToken token) {
        return HttpResponse.created(audiences.create(parseJson(body), token.name()));
    }

    @Get("/{id}")
    @RequiresScope("audiences:read")
    @Operation(summary = "One audience with its current definition and lastRun; a git file that is no audience: 409 saying why")
    public Audience get(String id) {
        return audiences.get(id);
    }

    @Put("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope("audiences:write")
    @Operation(summary = "Replace an audience's definition: adds a version recording who and when (git audiences: 409)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = "object", description = SCHEMA_NOTE),
            examples = @ExampleObject(name = "definition", value = DEFINITION_EXAMPLE)))
    public Audience update(String id, @Body String body, @RequestAttribute(BearerAuthFilter.TOKEN_ATTRIBUTE) ApiToken token) {
        return audiences.update(id, parseJson(body), token.name());
    }

    @Delete("/{id}")
    @RequiresScope("audiences:write")
    @Operation(summary = "Delete an audience; 409 naming the syncs when syncs use it, or when it comes from git")
    public HttpResponse<Void> delete(String id) {
        audiences.delete(id);
        return HttpResponse.noContent();
    }

    @Get("/{id}/versions")
    @RequiresScope("audiences:read")
    @Operation(summary = "Every version of an audience, newest first, with who (token name) and when")
    public List<AudienceVersion> versions(String id) {
        return audiences.versions(id);
    }

    @Get("/{id}/history")
    @RequiresScope("audiences:read")
    @Operation(summary = "Size history: size, entries and exits per materialization run, newest first")
    public List<AudienceRun> history(String id) {
        return runs.history(id);
    }

    @Post("/{id}/runs")
    @RequiresScope("audiences:write")
    @Operation(summary = "Materialize one audience into weft_audience_members now; a failure is also recorded as its lastRun")
    public AudienceRun run(String id) {
        return runs.runOne(id);
    }

    @Post("/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope("audiences:read")
    @Operation(summary = "Count, per-split counts, a sample of profiles with chosen traits, and the SQL of a definition "
            + "(unsaved in 'definition', or saved: 'audience': id)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = "object", description = SCHEMA_NOTE),
            examples = @ExampleObject(name = "cart abandoners in the last 7 days", value = PREVIEW_EXAMPLE)))
    public AudiencePreviews.Preview preview(@Body String body) {
        try {
            return previews.preview(parseJson(body));
        } catch (WarehouseTimeoutException e) {
            throw tooExpensive("preview", e);
        }
    }

    @Post("/overlap")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope("audiences:read")
    @Operation(summary = "Sizes, pairwise intersections and unique members of 2 to 10 audiences")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = "object", description = SCHEMA_NOTE),
            examples = @ExampleObject(name = "two audiences", value = "{\"audiences\": [\"high-value-lapsed\", \"cart-abandoners-7d\"]}")))
    public AudiencePreviews.Overlap overlap(@Body String body) {
        try {
            return previews.overlap(parseJson(body));
        } catch (WarehouseTimeoutException e) {
            throw tooExpensive("overlap", e);
        }
    }

    /** Parses a request's JSON text; malformed JSON is a 400 naming line and column. */
    private JsonNode parseJson(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : json.readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("the request body must be a JSON object", List.of(new ApiException.Detail("/", "expected a JSON object")));
            }
            List<ApiException.Detail> nul = ApiErrors.details(JsonChecks.nulCharacters(node, ""));
            if (!nul.isEmpty()) {
                throw ApiException.badRequest("the request body holds the NUL character", nul);
            }
            return node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
            throw ApiException.badRequest("the request body is not valid JSON" + where,
                    List.of(new ApiException.Detail("/", e.getOriginalMessage())));
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
