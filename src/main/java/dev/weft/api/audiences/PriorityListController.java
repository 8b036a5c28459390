package dev.weft.api.audiences;

import dev.weft.api.ApiToken;
import dev.weft.api.BearerAuthFilter;
import dev.weft.api.ErrorBody;
import dev.weft.api.JsonBodies;
import dev.weft.api.Page;
import dev.weft.api.RequiresScope;
import dev.weft.audiences.PriorityLists;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
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
 * {@code /v1/priority-lists}: ordered sets of audiences where each profile counts only in the first it is a
 * member of, for mutually exclusive campaigns; a sync reads an audience through one. What the audiences
 * feature refuses is answered by {@link AudienceErrorHandler}.
 */
@Controller("/v1/priority-lists")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "audiences")
@ApiResponse(responseCode = "400", description = "Bad input: malformed_json, unknown_field, invalid_type, invalid_value or "
        + "invalid_request, with a JSON Pointer per problem", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "401", description = "Missing, unknown or revoked token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "403", description = "The token lacks the route's scope", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
public class PriorityListController {

    static final String EXAMPLE = """
            {"name": "Cart recovery before engagement", "audiences": ["cart-abandoners-7d", "engaged-with-holdout"]}""";

    private final PriorityLists lists;

    public PriorityListController(PriorityLists lists) {
        this.lists = lists;
    }

    @Get
    @RequiresScope("audiences:read")
    @Operation(operationId = "listPriorityLists", summary = "All priority lists: from git (audiences/priority-lists/*.json, "
            + "read-only) and made through the API; a git file that is no priority list is listed with 'invalid' saying why")
    public Page<PriorityListView> list(@Nullable @QueryValue Integer limit, @Nullable @QueryValue String after) {
        return Page.of(lists.list().stream().map(PriorityListView::of).toList(), PriorityListView::id, after, limit);
    }

    @Post
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope("audiences:write")
    @Operation(operationId = "createPriorityList", summary = "Create a priority list over existing audiences, highest priority first")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PriorityListBody.class),
            examples = @ExampleObject(name = "carts first", value = EXAMPLE)))
    @ApiResponse(responseCode = "201", description = "Created; Location names the priority list",
            content = @Content(schema = @Schema(implementation = PriorityListView.class)))
    public HttpResponse<PriorityListView> create(@Body PriorityListBody body,
                                                 @RequestAttribute(BearerAuthFilter.TOKEN_ATTRIBUTE) ApiToken token) {
        PriorityListView created = PriorityListView.of(lists.create(JsonBodies.tree(body), token.name()));
        return HttpResponse.created(created, URI.create("/v1/priority-lists/" + created.id()));
    }

    @Get("/{id}")
    @RequiresScope("audiences:read")
    @Operation(operationId = "getPriorityList", summary = "One priority list; a git file that is no priority list: 409 saying why")
    @ApiResponse(responseCode = "200", description = "The priority list")
    @ApiResponse(responseCode = "404", description = "No such priority list", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "A git file that is no priority list (invalid_audience)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public PriorityListView get(String id) {
        return PriorityListView.of(lists.get(id));
    }

    @Put("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope("audiences:write")
    @Operation(operationId = "replacePriorityList", summary = "Replace a priority list's name and audiences (git lists: 409)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PriorityListBody.class),
            examples = @ExampleObject(name = "carts first", value = EXAMPLE)))
    @ApiResponse(responseCode = "200", description = "The priority list as replaced")
    @ApiResponse(responseCode = "404", description = "No such priority list", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "The priority list comes from git (read_only)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public PriorityListView update(String id, @Body PriorityListBody body, @RequestAttribute(BearerAuthFilter.TOKEN_ATTRIBUTE) ApiToken token) {
        return PriorityListView.of(lists.update(id, JsonBodies.tree(body), token.name()));
    }

    @Delete("/{id}")
    @RequiresScope("audiences:write")
    @Operation(operationId = "deletePriorityList", summary = "Delete a priority list; 409 naming the syncs when syncs read through it, "
            + "or when it comes from git")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No such priority list", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    @ApiResponse(responseCode = "409", description = "Syncs use it, or it comes from git", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<Void> delete(String id) {
        lists.delete(id);
        return HttpResponse.noContent();
    }

    @Get("/{id}/preview")
    @RequiresScope("audiences:read")
    @Operation(operationId = "previewPriorityList", summary = "Each audience's size before and after the priority cut, in the "
            + "list's order, from the audiences' members as last materialized")
    @ApiResponse(responseCode = "200", description = "The sizes")
    @ApiResponse(responseCode = "404", description = "No such priority list", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public PriorityListPreviewView preview(String id) {
        return PriorityListPreviewView.of(id, lists.preview(id));
    }
}
