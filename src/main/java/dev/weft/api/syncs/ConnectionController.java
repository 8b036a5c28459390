package dev.weft.api.syncs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.api.ApiErrors;
import dev.weft.api.ApiException;
import dev.weft.api.RequiresScope;
import dev.weft.definitions.JsonChecks;
import dev.weft.destinations.ConnectionCheck;
import dev.weft.destinations.Destination;
import dev.weft.destinations.SecretUrls;
import dev.weft.syncs.AlreadyExistsException;
import dev.weft.syncs.Connections;
import dev.weft.syncs.DestinationTypes;
import dev.weft.syncs.InvalidSyncException;
import dev.weft.syncs.SyncDefinition;
import dev.weft.syncs.SyncDefinitions;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/connections}: named destination connections. Secrets go in under {@code secrets} and
 * never come out: answers list which secret fields are set.
 */
@Tag(name = "connections")
@Controller("/v1/connections")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ConnectionController {

    private static final List<String> FIELDS = List.of("name", "secrets", "settings", "type");

    private final Connections connections;
    private final DestinationTypes types;
    private final SyncDefinitions definitions;

    public ConnectionController(Connections connections, DestinationTypes types, SyncDefinitions definitions) {
        this.connections = connections;
        this.types = types;
        this.definitions = definitions;
    }

    /** Every connection: type, settings and which secret fields are set, never their values. */
    @Get
    @RequiresScope("connections:read")
    public Map<String, Object> list() {
        return Map.of("connections", connections.list().stream().map(ConnectionController::view).toList());
    }

    /** One connection by id or name: type, settings and which secret fields are set. */
    @Get("/{id}")
    @RequiresScope("connections:read")
    public Map<String, Object> get(String id) {
        return view(find(id));
    }

    /** Create a connection: its secrets are sealed under the master key and never returned. */
    @Post
    @RequiresScope("connections:write")
    public HttpResponse<Map<String, Object>> create(@Body JsonNode body) {
        refuseUnknownFields(body);
        List<ApiException.Detail> problems = new ArrayList<>();
        Map<String, String> settings = strings(body, "settings", problems);
        Map<String, String> secrets = strings(body, "secrets", problems);
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid connection", problems);
        }
        try {
            return HttpResponse.created(view(connections.create(body.path("name").asText(null), body.path("type").asText(null),
                    settings, secrets)));
        } catch (InvalidSyncException e) {
            throw SyncController.badRequest(e);
        } catch (AlreadyExistsException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }

    /** A misspelt field ({@code secret} for {@code secrets}) would otherwise drop what it holds without a word. */
    private static void refuseUnknownFields(JsonNode body) {
        if (!body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object", List.of(new ApiException.Detail("", "must be an object")));
        }
        List<ApiException.Detail> unknown = ApiErrors.details(JsonChecks.unknownMembers(body, "", FIELDS,
                "unknown field; known fields: " + String.join(", ", FIELDS)));
        if (!unknown.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "unknown_field", "unknown field " + unknown.get(0).path(), unknown);
        }
    }

    /** Delete a connection; 409 naming the syncs when syncs use it. */
    @Delete("/{id}")
    @RequiresScope("connections:write")
    public HttpResponse<?> delete(String id) {
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
    public Map<String, Object> test(String id) {
        Connections.Connection c = find(id);
        ConnectionCheck check;
        try (Destination d = types.find(c.type()).orElseThrow().open(connections.open(c.id()), Map.of())) {
            check = d.test();
        } catch (RuntimeException e) {
            check = ConnectionCheck.failed(e.getMessage());
        }
        return Map.of("ok", check.ok(), "message", check.message() == null ? "" : check.message());
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

    static Map<String, Object> view(Connections.Connection c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.name());
        m.put("type", c.type());
        m.put("settings", SecretUrls.redact(c.settings()));
        m.put("secrets_set", c.secretsSet());
        m.put("created_at", c.createdAt().toString());
        m.put("updated_at", c.updatedAt().toString());
        return m;
    }
}
