package dev.weft.web.syncs;

import dev.weft.api.RequiresScope;
import dev.weft.definitions.Problem;
import dev.weft.destinations.ConnectionCheck;
import dev.weft.destinations.ConnectionField;
import dev.weft.destinations.SecretUrls;
import dev.weft.syncs.AlreadyExistsException;
import dev.weft.syncs.Connections;
import dev.weft.syncs.DestinationTypes;
import dev.weft.syncs.InvalidSyncException;
import dev.weft.web.Pages;
import dev.weft.web.WebSession;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The connections pages: every connection with its type, settings and which secrets are set (never their
 * values); a form to make one or change one with the fields its destination type declares (a secret is only
 * written: left blank it keeps its value); and "test connection", the destination's own check with its
 * message. They call the services {@code /v1/connections} calls.
 */
@Hidden
@Controller("/app/connections")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ConnectionPages {

    private final Connections connections;
    private final DestinationTypes types;

    public ConnectionPages(Connections connections, DestinationTypes types) {
        this.connections = connections;
        this.types = types;
    }

    /** A connection as listed: settings with credentials in URLs masked, as the API answers them. */
    public record Listed(Connections.Connection connection, Map<String, String> settings) {
    }

    @Get
    @RequiresScope("connections:read")
    public ModelAndView<Map<String, Object>> list(@RequestAttribute(WebSession.ATTRIBUTE) WebSession session) {
        List<Listed> listed = connections.list().stream().map(c -> new Listed(c, SecretUrls.redact(c.settings()))).toList();
        return Pages.view("connections", session, Map.of("connections", listed));
    }

    /** The form for a new connection of {@code type} (choosing another type reloads it with that type's fields). */
    @Get("/new")
    @RequiresScope("connections:write")
    public ModelAndView<Map<String, Object>> newForm(@Nullable @QueryValue String type, @Nullable @QueryValue String name,
                                                     @RequestAttribute(WebSession.ATTRIBUTE) WebSession session) {
        String chosen = type != null && types.find(type).isPresent() ? type : types.types().stream().sorted().findFirst().orElse("");
        ConnectionForm form = new ConnectionForm(null, name == null ? "" : name, chosen, sortedTypes());
        form.fields(connections.fields(chosen), Map.of(), Set.of());
        return Pages.view("connection-form", session, Map.of("form", form));
    }

    /** Makes the connection as {@code POST /v1/connections} does; what its type refuses is shown next to its field. */
    @Post
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RequiresScope("connections:write")
    public HttpResponse<?> create(@Body Map<String, String> fields, @RequestAttribute(WebSession.ATTRIBUTE) WebSession session) {
        String type = fields.getOrDefault("type", "");
        ConnectionForm form = new ConnectionForm(null, fields.getOrDefault("name", "").trim(), type, sortedTypes());
        form.fields(connections.fields(type), values(fields, "setting."), Set.of());
        try {
            connections.create(form.name, type, form.settings(), secrets(fields));
            return HttpResponse.ok().header(Pages.HX_REDIRECT, "/app/connections");
        } catch (InvalidSyncException e) {
            form.problems(e.problems());
        } catch (AlreadyExistsException e) {
            form.problems(List.of(new Problem("/name", e.getMessage() + ": pick another name")));
        }
        return HttpResponse.ok(Pages.view("connection-form :: form", session, Map.of("form", form)));
    }

    /** The form holding a connection's settings; its secrets show only whether they are set. */
    @Get("/{id}/edit")
    @RequiresScope("connections:write")
    public HttpResponse<?> editForm(String id, @RequestAttribute(WebSession.ATTRIBUTE) WebSession session) {
        return connections.find(id).<HttpResponse<?>>map(c -> {
            ConnectionForm form = new ConnectionForm(c.id(), c.name(), c.type(), sortedTypes());
            form.fields(connections.fields(c.type()), SecretUrls.redact(c.settings()), c.secretsSet());
            return HttpResponse.ok(Pages.view("connection-form", session, Map.of("form", form)));
        }).orElseGet(() -> Pages.problem(HttpStatus.NOT_FOUND, session, "no connection '" + id + "'"));
    }

    /** Changes the settings and replaces the secrets typed in (a blank secret keeps its value). */
    @Post("/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RequiresScope("connections:write")
    public HttpResponse<?> update(String id, @Body Map<String, String> fields, @RequestAttribute(WebSession.ATTRIBUTE) WebSession session) {
        Connections.Connection c = connections.find(id).orElse(null);
        if (c == null) {
            return Pages.problem(HttpStatus.NOT_FOUND, session, "no connection '" + id + "'");
        }
        ConnectionForm form = new ConnectionForm(c.id(), c.name(), c.type(), sortedTypes());
        form.fields(connections.fields(c.type()), values(fields, "setting."), c.secretsSet());
        // A setting shown masked (a URL's credentials) and sent back unchanged keeps its stored value.
        Map<String, String> settings = new LinkedHashMap<>(form.settings());
        Map<String, String> shown = SecretUrls.redact(c.settings());
        settings.replaceAll((k, v) -> v.equals(shown.get(k)) ? c.settings().get(k) : v);
        try {
            connections.update(c.id(), settings, secrets(fields));
            return HttpResponse.ok().header(Pages.HX_REDIRECT, "/app/connections");
        } catch (InvalidSyncException e) {
            form.problems(e.problems());
        }
        return HttpResponse.ok(Pages.view("connection-form :: form", session, Map.of("form", form)));
    }

    /** Test connection, as {@code POST /v1/connections/{id}/test}: the outcome and the destination's message. */
    @Post("/{id}/test")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED) // htmx posts as a form, even without fields
    @RequiresScope("connections:write")
    public HttpResponse<?> test(String id, @RequestAttribute(WebSession.ATTRIBUTE) WebSession session) {
        Connections.Connection c = connections.find(id).orElse(null);
        if (c == null) {
            return Pages.problem(HttpStatus.NOT_FOUND, session, "no connection '" + id + "'");
        }
        ConnectionCheck check = connections.test(c.id());
        return HttpResponse.ok(Pages.view("connections :: check", session, Map.of("check", check)));
    }

    private List<String> sortedTypes() {
        return types.types().stream().sorted().toList();
    }

    /** The form's fields named {@code prefix + field}, blank ones left out (a blank setting is unset). */
    private static Map<String, String> values(Map<String, String> fields, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (k.startsWith(prefix) && v != null && !v.isBlank()) {
                out.put(k.substring(prefix.length()), v.trim());
            }
        });
        return out;
    }

    /** The secrets typed in; a secret left blank is not sent, so it keeps its value. */
    private static Map<String, String> secrets(Map<String, String> fields) {
        return values(fields, "secret.");
    }

    /** The connection form: name, type, and a row per field of the type with its value (settings only) and problem. */
    public static final class ConnectionForm {

        /** One field of the type: a setting with its value, or a secret with only whether it is set. */
        public record Row(ConnectionField field, String value, boolean set) {
        }

        private final String id;
        private final String name;
        private final String type;
        private final List<String> types;
        private final List<Row> rows = new ArrayList<>();
        private final Map<String, String> problems = new LinkedHashMap<>();

        ConnectionForm(@Nullable String id, String name, String type, List<String> types) {
            this.id = id;
            this.name = name;
            this.type = type;
            this.types = types;
        }

        void fields(List<ConnectionField> declared, Map<String, String> settings, Set<String> secretsSet) {
            for (ConnectionField f : declared) {
                rows.add(new Row(f, f.secret() ? "" : settings.getOrDefault(f.name(), ""), f.secret() && secretsSet.contains(f.name())));
            }
        }

        Map<String, String> settings() {
            Map<String, String> out = new LinkedHashMap<>();
            rows.stream().filter(r -> !r.field().secret() && !r.value().isBlank()).forEach(r -> out.put(r.field().name(), r.value()));
            return out;
        }

        /** Each problem next to its field ({@code /settings/url} and {@code /secrets/url} at url), the rest for the form. */
        void problems(List<Problem> found) {
            for (Problem p : found) {
                String[] parts = p.path().split("/");
                boolean shown = parts.length == 3 && (parts[1].equals("settings") || parts[1].equals("secrets"))
                        && rows.stream().anyMatch(r -> r.field().name().equals(parts[2]));
                String field = p.path().equals("/name") ? "name" : shown ? parts[2] : "form";
                problems.merge(field, (field.equals("form") ? p.path() + ": " : "") + p.problem(), (a, b) -> a + "; " + b);
            }
        }

        public boolean isNew() {
            return id == null;
        }

        public String getId() {
            return id;
        }

        public String getName() {
            return name;
        }

        public String getType() {
            return type;
        }

        public List<String> getTypes() {
            return types;
        }

        public List<Row> getRows() {
            return rows;
        }

        public Map<String, String> getProblems() {
            return problems;
        }
    }
}
