package dev.weft.web.syncs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.Workspace;
import dev.weft.consent.ConsentConfigLoader;
import dev.weft.api.RequiresScope;
import dev.weft.audiences.Audience;
import dev.weft.audiences.AudienceBuilderCatalog;
import dev.weft.audiences.AudienceCatalogue;
import dev.weft.audiences.AudienceException;
import dev.weft.audiences.AudienceSchema;
import dev.weft.definitions.Problem;
import dev.weft.syncs.AlreadyExistsException;
import dev.weft.syncs.Connections;
import dev.weft.syncs.InvalidSyncException;
import dev.weft.syncs.ReadOnlySyncException;
import dev.weft.syncs.SyncAuthoring;
import dev.weft.syncs.SyncDefinition;
import dev.weft.syncs.SyncDefinitions;
import dev.weft.syncs.SyncExecutor;
import dev.weft.syncs.SyncRuns;
import dev.weft.syncs.SyncScheduler;
import dev.weft.syncs.SyncSourceNotReadyException;
import dev.weft.web.Pages;
import dev.weft.web.WebSession;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.http.HttpStatus;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The syncs pages: the list with each sync's state, next run and last outcome; one sync with its runs (the
 * table follows a running one), dry run, run now and a change of schedule; and a form that sends an audience
 * to a connection with a field mapping picked from the audience's columns and a schedule. They call the
 * services {@code /v1/syncs} and
 * {@code /v1/runs} call; what the syncs feature refuses is shown next to its field.
 */
@Hidden
@Controller("/app/syncs")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SyncPages {

    /** Mapping rows the form offers; rows left without a destination field are not sent. */
    static final int MAPPING_ROWS = 4;
    private static final int RUNS_SHOWN = 20;

    private final SyncDefinitions definitions;
    private final SyncAuthoring authoring;
    private final SyncExecutor executor;
    private final SyncScheduler scheduler;
    private final SyncRuns runs;
    private final Connections connections;
    private final AudienceCatalogue audiences;
    private final AudienceBuilderCatalog catalog;
    private final Workspace workspace;

    public SyncPages(SyncDefinitions definitions, SyncAuthoring authoring, SyncExecutor executor, SyncScheduler scheduler,
                     SyncRuns runs, Connections connections, AudienceCatalogue audiences, AudienceBuilderCatalog catalog,
                     Workspace workspace) {
        this.workspace = workspace;
        this.definitions = definitions;
        this.authoring = authoring;
        this.executor = executor;
        this.scheduler = scheduler;
        this.runs = runs;
        this.connections = connections;
        this.audiences = audiences;
        this.catalog = catalog;
    }

    /** A sync in the list: its latest run (null: never ran) and when the scheduler starts it next. */
    public record Listed(SyncDefinition sync, @Nullable SyncRuns.Run last, @Nullable Object nextRun) {

        public String source() {
            return sync.source().isAudience() ? "audience " + sync.source().audience() : "model " + sync.source().model();
        }

        public String schedule() {
            SyncDefinition.Schedule s = sync.schedule();
            return switch (s.kind()) {
                case MANUAL -> "manual";
                case CRON -> "cron " + s.cron();
                case INTERVAL -> "every " + s.every().toString().substring(2).toLowerCase(Locale.ROOT);
                case AFTER_MODELS -> "after models run";
            };
        }
    }

    @Get
    @RequiresScope("syncs:read")
    public ModelAndView<Map<String, Object>> list(@RequestAttribute(WebSession.ATTRIBUTE) WebSession session) {
        List<Listed> listed = definitions.list().stream().map(this::listed).toList();
        return Pages.view("syncs", session, Map.of("syncs", listed));
    }

    @Get("/{id}")
    @RequiresScope("syncs:read")
    public HttpResponse<?> show(String id, @RequestAttribute(WebSession.ATTRIBUTE) WebSession session) {
        return definitions.find(id).<HttpResponse<?>>map(sync -> {
            Map<String, Object> model = runsModel(id);
            model.put("listed", listed(sync));
            model.put("inGit", definitions.isInGit(id));
            model.put("schedule", ScheduleForm.of(sync.schedule()));
            return HttpResponse.ok(Pages.view("sync", session, model));
        }).orElseGet(() -> Pages.problem(HttpStatus.NOT_FOUND, session, "no sync '" + id + "'"));
    }

    /** The runs table alone: the page polls it while a run is in progress. */
    @Get("/{id}/runs")
    @RequiresScope("syncs:read")
    public ModelAndView<Map<String, Object>> runsTable(String id, @RequestAttribute(WebSession.ATTRIBUTE) WebSession session) {
        find(id);
        return Pages.view("sync :: runs", session, runsModel(id));
    }

    /** Run now, in the background, as {@code POST /v1/syncs/{id}/runs}; answers the runs table, which then follows the run. */
    @Post("/{id}/run")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED) // htmx posts as a form, even without fields
    @RequiresScope("syncs:write")
    public ModelAndView<Map<String, Object>> run(String id, @RequestAttribute(WebSession.ATTRIBUTE) WebSession session) {
        find(id);
        Map<String, Object> model;
        if (scheduler.trigger(id, "web").isPresent()) {
            model = runsModel(id);
        } else {
            model = runsModel(id);
            model.put("problem", "a run of this sync is in progress (" + scheduler.holder(id).orElse("its lease was just taken") + ")");
        }
        return Pages.view("sync :: runs", session, model);
    }

    /** Dry run, as {@code POST /v1/syncs/{id}/plan}: what the next run would add, change and remove, with samples. */
    @Post("/{id}/plan")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED) // htmx posts as a form, even without fields
    @RequiresScope("syncs:read")
    public ModelAndView<Map<String, Object>> plan(String id, @RequestAttribute(WebSession.ATTRIBUTE) WebSession session) {
        find(id);
        SyncExecutor.DryRun dry = executor.plan(id, 5);
        Map<String, Object> samples = new LinkedHashMap<>();
        dry.sample().forEach((operation, records) -> samples.put(operation.name().toLowerCase(Locale.ROOT), records));
        return Pages.view("sync :: plan", session, Map.of("dry", dry, "samples", samples));
    }

    /** A run's row errors: each record the destination refused, with its message. */
    @Get("/{id}/runs/{runId}/errors")
    @RequiresScope("syncs:read")
    public ModelAndView<Map<String, Object>> errors(String id, String runId, @RequestAttribute(WebSession.ATTRIBUTE) WebSession session) {
        SyncRuns.Run run = runs.find(runId).filter(r -> r.syncId().equals(id))
                .orElseThrow(() -> new HttpStatusException(HttpStatus.NOT_FOUND, "no run " + runId + " of sync " + id));
        return Pages.view("sync-errors", session, Map.of("run", run, "errors", runs.errors(runId, 0, 500)));
    }

    /** The form that sends an audience to a connection. */
    @Get("/new")
    @RequiresScope("syncs:write")
    public HttpResponse<?> form(@QueryValue String audience, @RequestAttribute(WebSession.ATTRIBUTE) WebSession session) {
        try {
            Audience a = audiences.get(audience);
            SyncForm form = SyncForm.blank(a.id(), columns(), connections.list(), purposes());
            return HttpResponse.ok(Pages.view("sync-new", session, formModel(a, form)));
        } catch (AudienceException e) {
            return Pages.problem(HttpStatus.CONFLICT, session, e.getMessage());
        }
    }

    /** Creates the sync as {@code POST /v1/syncs} does: parsed, checked against connection and columns, saved. */
    @Post
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RequiresScope("syncs:write")
    public HttpResponse<?> create(@Body Map<String, String> fields, @RequestAttribute(WebSession.ATTRIBUTE) WebSession session) {
        Audience a = audiences.get(fields.getOrDefault("audience", ""));
        List<Connections.Connection> all = connections.list();
        SyncForm form = SyncForm.read(fields, columns(), all, purposes());
        try {
            SyncDefinition sync = authoring.create(form.definition(all), "the form");
            return HttpResponse.ok().header(Pages.HX_REDIRECT, "/app/syncs/" + sync.id());
        } catch (InvalidSyncException e) {
            form.problems(e.problems());
        } catch (SyncSourceNotReadyException e) {
            form.problems(List.of(e.problem()));
        } catch (AlreadyExistsException e) {
            form.problems(List.of(new Problem("/id", e.getMessage() + ": pick another id")));
        }
        return HttpResponse.ok(Pages.view("sync-new :: form", session, formModel(a, form)));
    }

    /**
     * Changes the sync's schedule, as {@code PUT /v1/syncs/{id}} with the rest of its definition as it is; its
     * next run then follows the new schedule. A sync from git changes in its file.
     */
    @Post("/{id}/schedule")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RequiresScope("syncs:write")
    public HttpResponse<?> schedule(String id, @Body Map<String, String> fields, @RequestAttribute(WebSession.ATTRIBUTE) WebSession session) {
        SyncDefinition sync = find(id);
        ScheduleForm schedule = ScheduleForm.read(fields);
        ObjectNode definition = SyncDefinitions.toJson(sync);
        JsonNode chosen = schedule.json();
        if (chosen.isObject() && sync.schedule().missed() == SyncDefinition.MissedPolicy.SKIP) {
            ((ObjectNode) chosen).put("missed", "skip"); // what to do with missed runs is not on the form: it stays
        }
        definition.set("schedule", chosen);
        String problem;
        try {
            authoring.replace(id, definition, "the schedule");
            return HttpResponse.ok().header(Pages.HX_REDIRECT, "/app/syncs/" + id);
        } catch (InvalidSyncException e) {
            problem = e.problems().stream().map(Problem::problem).reduce((x, y) -> x + "; " + y).orElse(e.getMessage());
        } catch (ReadOnlySyncException | SyncSourceNotReadyException e) {
            problem = e.getMessage();
        }
        return HttpResponse.ok(Pages.view("sync :: schedule", session, Map.of("syncId", id, "schedule", schedule,
                "inGit", false, "scheduleProblem", problem)));
    }

    /** The purposes consent/*.yml declares, which a sync must then name (docs/consent.md); none without consent. */
    private List<String> purposes() {
        return List.copyOf(ConsentConfigLoader.load(workspace.resolve("consent")).purposes().keySet());
    }

    private Listed listed(SyncDefinition sync) {
        List<SyncRuns.Run> last = runs.forSync(sync.id(), 1);
        return new Listed(sync, last.isEmpty() ? null : last.get(0), scheduler.nextRunAt(sync.id()).orElse(null));
    }

    private Map<String, Object> runsModel(String id) {
        List<SyncRuns.Run> recent = runs.forSync(id, RUNS_SHOWN);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("syncId", id);
        model.put("runs", recent);
        model.put("running", recent.stream().anyMatch(r -> r.status() == SyncRuns.Status.RUNNING));
        return model;
    }

    /** What a mapping can pick from an audience's rows: its members' profile_id and the traits model's columns. */
    private List<String> columns() {
        List<String> out = new ArrayList<>();
        out.add(AudienceSchema.PROFILE_ID);
        catalog.read().traits().forEach(t -> out.add(t.column()));
        return out;
    }

    private static Map<String, Object> formModel(Audience audience, SyncForm form) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("audience", audience);
        model.put("form", form);
        return model;
    }

    private SyncDefinition find(String id) {
        return definitions.find(id).orElseThrow(() -> new HttpStatusException(HttpStatus.NOT_FOUND, "no sync '" + id + "'"));
    }

    /** The sync form: id, connection, mode and mapping rows, read back from its fields. */
    public static final class SyncForm {

        static final List<String> MODES = List.of("upsert", "mirror", "insert", "update");

        /** One mapping row: a source column and the destination field it fills. */
        public record Mapping(String from, String to) {
        }

        private final String audience;
        private final List<String> columns;
        private final List<Connections.Connection> connectionChoices;
        private String id = "";
        private String connection;
        private String mode = "upsert";
        private final List<Mapping> mapping = new ArrayList<>();
        private final Map<String, String> problems = new LinkedHashMap<>();

        private final List<String> purposes;
        private String purpose;
        private ScheduleForm schedule = ScheduleForm.manual();

        private SyncForm(String audience, List<String> columns, List<Connections.Connection> connectionChoices, List<String> purposes) {
            this.audience = audience;
            this.columns = columns;
            this.connectionChoices = connectionChoices;
            this.purposes = purposes;
            this.purpose = purposes.isEmpty() ? null : purposes.get(0);
        }

        static SyncForm blank(String audience, List<String> columns, List<Connections.Connection> all, List<String> purposes) {
            SyncForm form = new SyncForm(audience, columns, all, purposes);
            form.connection = all.stream().filter(c -> c.type().equals("file")).findFirst().or(() -> all.stream().findFirst())
                    .map(Connections.Connection::name).orElse(null);
            List<String> defaults = List.of(AudienceSchema.PROFILE_ID, "email");
            for (int i = 0; i < MAPPING_ROWS; i++) {
                String from = i < defaults.size() && columns.contains(defaults.get(i)) ? defaults.get(i) : "";
                form.mapping.add(new Mapping(from, from.equals(AudienceSchema.PROFILE_ID) ? "external_id" : from));
            }
            return form;
        }

        static SyncForm read(Map<String, String> fields, List<String> columns, List<Connections.Connection> all,
                             List<String> purposes) {
            SyncForm form = new SyncForm(fields.getOrDefault("audience", ""), columns, all, purposes);
            form.purpose = fields.get("purpose");
            form.id = fields.getOrDefault("id", "").trim();
            form.connection = fields.get("connection");
            form.mode = MODES.contains(fields.get("mode")) ? fields.get("mode") : "upsert";
            form.schedule = ScheduleForm.read(fields);
            for (int i = 0; i < MAPPING_ROWS; i++) {
                form.mapping.add(new Mapping(fields.getOrDefault("mapping." + i + ".from", ""),
                        fields.getOrDefault("mapping." + i + ".to", "").trim()));
            }
            return form;
        }

        /** The definition as the REST API takes it; mapping rows without both a column and a field are left out. */
        ObjectNode definition(List<Connections.Connection> all) {
            JsonNodeFactory json = JsonNodeFactory.instance;
            ObjectNode def = json.objectNode().put("id", id);
            def.putObject("source").put("audience", audience);
            String type = all.stream().filter(c -> c.name().equals(connection)).map(Connections.Connection::type).findFirst().orElse("");
            def.putObject("destination").put("type", type).put("connection", connection == null ? "" : connection);
            def.put("mode", mode);
            if (purpose != null && !purpose.isBlank()) {
                def.put("purpose", purpose);
            }
            def.set("schedule", schedule.json());
            ArrayNode rows = def.putArray("mapping");
            for (Mapping m : mapping) {
                if (!m.from().isBlank() && !m.to().isBlank()) {
                    rows.addObject().put("from", m.from()).put("to", m.to());
                }
            }
            return def;
        }

        /** Each problem next to its field (the id, the connection, a mapping row), the rest for the form. */
        void problems(List<Problem> found) {
            List<Integer> sent = new ArrayList<>();
            for (int i = 0; i < mapping.size(); i++) {
                if (!mapping.get(i).from().isBlank() && !mapping.get(i).to().isBlank()) {
                    sent.add(i);
                }
            }
            for (Problem p : found) {
                String field;
                if (p.path().startsWith("/mapping/") && p.path().split("/").length > 2) {
                    int index = Integer.parseInt(p.path().split("/")[2]);
                    field = index < sent.size() ? "mapping." + sent.get(index) : "form";
                } else if (p.path().startsWith("/id")) {
                    field = "id";
                } else if (p.path().startsWith("/destination")) {
                    field = "connection";
                } else if (p.path().startsWith("/purpose")) {
                    field = "purpose";
                } else if (p.path().startsWith("/schedule")) {
                    field = "schedule";
                } else {
                    field = "form";
                }
                problems.merge(field, (field.equals("form") ? p.path() + ": " : "") + p.problem(), (a, b) -> a + "; " + b);
            }
        }

        public String getAudience() {
            return audience;
        }

        public List<String> getColumns() {
            return columns;
        }

        public List<Connections.Connection> getConnections() {
            return connectionChoices;
        }

        public String getId() {
            return id;
        }

        public String getConnection() {
            return connection;
        }

        public String getMode() {
            return mode;
        }

        public List<String> getModes() {
            return MODES;
        }

        public List<String> getPurposes() {
            return purposes;
        }

        public String getPurpose() {
            return purpose;
        }

        public ScheduleForm getSchedule() {
            return schedule;
        }

        public List<Mapping> getMapping() {
            return mapping;
        }

        public Map<String, String> getProblems() {
            return problems;
        }
    }
}
