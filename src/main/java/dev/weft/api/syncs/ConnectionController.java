package dev.weft.api.syncs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.api.ApiException;
import dev.weft.api.ErrorBody;
import dev.weft.api.JsonBodies;
import dev.weft.api.Page;
import dev.weft.api.RequiresScope;
import dev.weft.destinations.ConnectionCheck;
import dev.weft.syncs.AlreadyExistsException;
import dev.weft.syncs.Connections;
import dev.weft.syncs.InvalidSyncException;
import dev.weft.syncs.SyncDefinition;
import dev.weft.syncs.SyncDefinitions;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/connections}: named destination connections. Secrets go in under {@code secrets} and
 * never come out: answers list which secret fields are set. A misspelt field ({@code secret} for
 * {@code secrets}) is refused by the typed body, not dropped with what it holds.
 */
@Tag(name = "connections")
@Controller("/v1/connections")
@ExecuteOn(TaskExecutors.BLOCKING)
@ApiResponse(responseCode = "400", description = "Bad input: malformed_json, unknown_field, invalid_type or invalid_request, "
        + "with a JSON Pointer per problem", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "401", description = "Missing, unknown or revoked token", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "403", description = "The token lacks the route's scope", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
@ApiResponse(responseCode = "404", description = "No such connection", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
public class ConnectionController {

    private final Connections connections;
    private final SyncDefinitions definitions;

    public ConnectionController(Connections connections, SyncDefinitions definitions) {
        this.connections = connections;
        this.definitions = definitions;
    }

    /** Every connection: type, settings and which secret fields are set, never their values. */
    @Get
    @RequiresScope("connections:read")
    @Operation(operationId = "listConnections", summary = "Every connection, secrets never shown")
    public Page<ConnectionView> list(@Nullable @QueryValue Integer limit, @Nullable @QueryValue String after) {
        return Page.of(connections.list().stream().map(ConnectionView::of).toList(), ConnectionView::id, after, limit);
    }

    /** One connection by id or name: type, settings and which secret fields are set. */
    @Get("/{id}")
    @RequiresScope("connections:read")
    @Operation(operationId = "getConnection", summary = "One connection, secrets never shown")
    public ConnectionView get(String id) {
        return ConnectionView.of(find(id));
    }

    /** Create a connection: its secrets are sealed under the master key and never returned. */
    @Post
    @RequiresScope("connections:write")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConnectionBody.class),
            examples = @ExampleObject(name = "a signed webhook", value = "{\"name\": \"hook\", \"type\": \"webhook\", "
                    + "\"settings\": {\"url\": \"https://hooks.example.com/in\"}, \"secrets\": {\"signing-secret\": \"s3cr3t\"}}")))
    @Operation(operationId = "createConnection", summary = "Create a connection; its settings and secrets are checked against its type")
    @ApiResponse(responseCode = "201", description = "Created; Location names the connection",
            content = @Content(schema = @Schema(implementation = ConnectionView.class)))
    @ApiResponse(responseCode = "409", description = "A connection with this name exists (conflict)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<ConnectionView> create(@Body ConnectionBody request) {
        JsonNode body = JsonBodies.tree(request);
        List<ApiException.Detail> problems = new ArrayList<>();
        Map<String, String> settings = strings(body, "settings", problems);
        Map<String, String> secrets = strings(body, "secrets", problems);
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid connection", problems);
        }
        try {
            ConnectionView created = ConnectionView.of(connections.create(request.name(), request.type(), settings, secrets));
            return HttpResponse.created(created, URI.create("/v1/connections/" + created.id()));
        } catch (InvalidSyncException e) {
            throw SyncController.badRequest(e);
        } catch (AlreadyExistsException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }

    /**
     * Change a connection: its settings are replaced by those given (a setting left out is unset), and each
     * secret given replaces that secret (one left out keeps its value); name and type stay.
     */
    @Put("/{id}")
    @RequiresScope("connections:write")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConnectionBody.class),
            examples = @ExampleObject(name = "a new url, the signing secret kept", value = "{\"settings\": {\"url\": "
                    + "\"https://hooks.example.com/v2/in\"}}")))
    @Operation(operationId = "replaceConnection", summary = "Change a connection's settings and replace the secrets given; "
            + "secrets left out keep their values")
    @ApiResponse(responseCode = "200", description = "The connection as changed")
    public ConnectionView replace(String id, @Body ConnectionBody request) {
        Connections.Connection c = find(id);
        JsonNode body = JsonBodies.tree(request);
        List<ApiException.Detail> problems = new ArrayList<>();
        if (request.name() != null && !request.name().equals(c.name())) {
            problems.add(new ApiException.Detail("/name", "a connection keeps its name: must be '" + c.name() + "' (or left out)"));
        }
        if (request.type() != null && !request.type().equals(c.type())) {
            problems.add(new ApiException.Detail("/type", "a connection keeps its type: must be '" + c.type() + "' (or left out)"));
        }
        Map<String, String> settings = strings(body, "settings", problems);
        Map<String, String> secrets = strings(body, "secrets", problems);
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid connection", problems);
        }
        try {
            return ConnectionView.of(connections.update(c.id(), settings, secrets));
        } catch (InvalidSyncException e) {
            throw SyncController.badRequest(e);
        }
    }

    @Delete("/{id}")
    @RequiresScope("connections:write")
    @Operation(operationId = "deleteConnection", summary = "Delete a connection no sync uses")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = "Syncs use the connection (conflict)", content = @Content(schema = @Schema(implementation = ErrorBody.class)))
    public HttpResponse<Void> delete(String id) {
        Connections.Connection c = find(id);
        List<String> users = definitions.list().stream().filter(d -> d.destination().connection().equals(c.name()))
                .map(SyncDefinition::id).toList();
        if (!users.isEmpty()) {
            throw ApiException.conflict("connection '" + c.name() + "' is used by syncs " + users);
        }
        connections.delete(c.id());
        return HttpResponse.noContent();
    }

    /** Test a connection: whether the destination accepts its credentials, with the destination's message. */
    @Post("/{id}/test")
    @RequiresScope("connections:write")
    @Operation(operationId = "testConnection", summary = "Whether the connection's credentials and settings work")
    @ApiResponse(responseCode = "200", description = "The check; ok false with the destination's words when it failed")
    public ConnectionCheckView test(String id) {
        ConnectionCheck check = connections.test(find(id).id());
        return new ConnectionCheckView(check.ok(), check.message() == null ? "" : check.message());
    }

    private Connections.Connection find(String id) {
        return connections.find(id).orElseThrow(() -> ApiException.notFound("connection '" + id + "'"));
    }

    private static Map<String, String> strings(JsonNode body, String field, List<ApiException.Detail> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            problems.add(new ApiException.Detail("/" + field, "must be an object of text values"));
            return out;
        }
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isContainerNode() || e.getValue().isNull()) {
                problems.add(new ApiException.Detail("/" + field + "/" + e.getKey(), "must be a text, number or boolean"));
            } else {
                out.put(e.getKey(), e.getValue().asText());
            }
        });
        return out;
    }
}
