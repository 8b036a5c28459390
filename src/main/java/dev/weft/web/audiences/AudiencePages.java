package dev.weft.web.audiences;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.api.RequiresScope;
import dev.weft.audiences.Audience;
import dev.weft.audiences.AudienceBuilderCatalog;
import dev.weft.audiences.AudienceCatalogue;
import dev.weft.audiences.AudienceException;
import dev.weft.audiences.AudienceNotFoundException;
import dev.weft.audiences.AudiencesNotReadyException;
import dev.weft.audiences.BrokenAudienceException;
import dev.weft.audiences.AudiencePreviews;
import dev.weft.audiences.AudienceRuns;
import dev.weft.audiences.AudienceUsage;
import dev.weft.warehouse.WarehouseTimeoutException;
import dev.weft.web.Pages;
import dev.weft.web.WebSession;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audiences pages: the list, one audience, and the builder, whose size follows every edit. They call the
 * services {@code /v1/audiences} and {@code /v1/catalog} call; what the audiences feature refuses is shown
 * next to the condition it is about.
 */
@Hidden
@Controller("/app/audiences")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AudiencePages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AudienceCatalogue audiences;
    private final AudienceBuilderCatalog catalog;
    private final AudiencePreviews previews;
    private final AudienceRuns runs;
    private final List<AudienceUsage> usages;

    public AudiencePages(AudienceCatalogue audiences, AudienceBuilderCatalog catalog, AudiencePreviews previews, AudienceRuns runs,
                         List<AudienceUsage> usages) {
        this.audiences = audiences;
        this.catalog = catalog;
        this.previews = previews;
        this.runs = runs;
        this.usages = usages;
    }

    /** An audience in the list: its last successful size and when, and the syncs that send it. */
    public record Listed(Audience audience, List<String> syncs) {
    }

    @Get
    @RequiresScope("audiences:read")
    public ModelAndView<Map<String, Object>> list(@RequestAttribute(WebSession.ATTRIBUTE) WebSession session) {
        List<Listed> listed = audiences.list().stream().map(a -> new Listed(a, syncsUsing(a.id()))).toList();
        return Pages.view("audiences", session, Map.of("audiences", listed));
    }

    @Get("/new")
    @RequiresScope("audiences:read")
    public HttpResponse<?> builder(@RequestAttribute(WebSession.ATTRIBUTE) WebSession session) {
        try {
            AudienceBuilderCatalog.Catalog c = catalog.read();
            return HttpResponse.ok(builderPage(session, c, BuilderForm.blank(c)));
        } catch (AudiencesNotReadyException e) {
            return Pages.problem(HttpStatus.CONFLICT, session, e.getMessage());
        }
    }

    @Get("/{id}")
    @RequiresScope("audiences:read")
    public HttpResponse<?> show(String id, @RequestAttribute(WebSession.ATTRIBUTE) WebSession session) throws Exception {
        Audience a;
        try {
            a = audiences.get(id);
        } catch (AudienceNotFoundException | BrokenAudienceException e) {
            return Pages.problem(e instanceof AudienceNotFoundException ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT, session, e.getMessage());
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("audience", a);
        model.put("definition", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(a.definition()));
        model.put("history", runs.history(id));
        model.put("syncs", syncsUsing(id));
        model.put("versions", a.fromGit() ? List.of() : audiences.versions(id));
        return HttpResponse.ok(Pages.view("audience", session, model));
    }

    /** The builder holding a saved audience's definition, to save as its next version (API audiences only). */
    @Get("/{id}/edit")
    @RequiresScope("audiences:read")
    public HttpResponse<?> editVersion(String id, @RequestAttribute(WebSession.ATTRIBUTE) WebSession session) {
        try {
            Audience a = audiences.get(id);
            if (a.fromGit()) {
                return Pages.problem(HttpStatus.CONFLICT, session, "audience '" + id + "' comes from git (" + a.file()
                        + "): change it there");
            }
            AudienceBuilderCatalog.Catalog c = catalog.read();
            return BuilderForm.of(c, id, a.definition())
                    .<HttpResponse<?>>map(form -> HttpResponse.ok(builderPage(session, c, form)))
                    .orElseGet(() -> Pages.problem(HttpStatus.CONFLICT, session, "audience '" + a.name() + "' uses conditions the "
                            + "builder cannot show (NOT, event filters or aggregates, splits, date ranges): change it through the API"));
        } catch (AudienceException e) {
            return Pages.problem(HttpStatus.CONFLICT, session, e.getMessage());
        }
    }

    /** The builder after a structural edit (a condition or group added or removed, a kind or column changed). */
    @Post("/builder")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RequiresScope("audiences:read")
    public ModelAndView<Map<String, Object>> edit(@Body Map<String, String> fields,
                                                  @RequestAttribute(WebSession.ATTRIBUTE) WebSession session) {
        AudienceBuilderCatalog.Catalog c = catalog.read();
        return builderFragment(session, c, BuilderForm.read(c, fields).apply(fields.get("action")));
    }

    /** The size of the definition the form shows (the REST preview's count), with each condition's problem. */
    @Post("/size")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RequiresScope("audiences:read")
    public ModelAndView<Map<String, Object>> size(@Body Map<String, String> fields,
                                                  @RequestAttribute(WebSession.ATTRIBUTE) WebSession session) {
        BuilderForm form = BuilderForm.read(catalog.read(), fields);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("definition", form.definition());
        body.putObject("sample").put("size", 0);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("form", form);
        try {
            AudiencePreviews.Preview preview = previews.preview(body);
            model.put("count", preview.count());
            if (form.getEditing() != null) {
                model.put("diff", previews.diff(form.getEditing(), form.definition()));
            }
        } catch (AudienceException e) {
            form.problems(e.getMessage(), e.problems(), "/definition"); // where the preview's body holds the definition
        } catch (WarehouseTimeoutException e) {
            form.problems("counting took longer than the " + e.limit().toSeconds() + " s limit for interactive queries: "
                    + "make the definition cheaper, or save it and materialize it", List.of(), "");
        }
        return Pages.view("audience-size", session, model);
    }

    /**
     * Saves the builder's definition as a new audience, or as the next version of the one it edits; what the
     * feature refuses comes back next to its field.
     */
    @Post("/save")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RequiresScope("audiences:write")
    public HttpResponse<?> save(@Body Map<String, String> fields, @RequestAttribute(WebSession.ATTRIBUTE) WebSession session) {
        AudienceBuilderCatalog.Catalog c = catalog.read();
        BuilderForm form = BuilderForm.read(c, fields);
        JsonNode definition = form.definition();
        try {
            Audience saved = form.getEditing() == null ? audiences.create(definition, session.name())
                    : audiences.update(form.getEditing(), definition, session.name());
            return HttpResponse.ok().header(Pages.HX_REDIRECT, "/app/audiences/" + saved.id());
        } catch (AudienceException e) {
            form.problems(e.getMessage(), e.problems(), "");
            return HttpResponse.ok(builderFragment(session, c, form));
        }
    }

    /** Materializes the audience now, as {@code POST /v1/audiences/{id}/runs}; the page then shows its size. */
    @Post("/{id}/run")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED) // htmx posts as a form, even without fields
    @RequiresScope("audiences:write")
    public HttpResponse<?> materialize(String id) {
        try {
            runs.runOne(id, null);
            return HttpResponse.ok().header(Pages.HX_REDIRECT, "/app/audiences/" + id);
        } catch (AudienceException e) {
            return HttpResponse.ok(e.getMessage()).contentType(MediaType.TEXT_PLAIN_TYPE);
        }
    }

    private List<String> syncsUsing(String id) {
        return usages.stream().flatMap(u -> u.syncsUsing(id).stream()).distinct().sorted().toList();
    }

    private static ModelAndView<Map<String, Object>> builderPage(WebSession session, AudienceBuilderCatalog.Catalog c, BuilderForm form) {
        return Pages.view("audience-builder", session, builderModel(c, form));
    }

    private static ModelAndView<Map<String, Object>> builderFragment(WebSession session, AudienceBuilderCatalog.Catalog c,
                                                                    BuilderForm form) {
        return Pages.view("audience-builder :: builder", session, builderModel(c, form));
    }

    private static Map<String, Object> builderModel(AudienceBuilderCatalog.Catalog c, BuilderForm form) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("form", form);
        model.put("catalog", c);
        Map<String, List<String>> operators = new LinkedHashMap<>();
        Map<String, List<Object>> samples = new LinkedHashMap<>();
        c.traits().forEach(t -> {
            operators.put(t.column(), BuilderForm.operators(t.type()));
            samples.put(t.column(), t.sampleValues());
        });
        model.put("operators", operators);
        model.put("samples", samples);
        model.put("types", BuilderForm.TYPES);
        model.put("countOperators", BuilderForm.COUNT_OPERATORS);
        model.put("membership", BuilderForm.MEMBERSHIP);
        return model;
    }
}
