package dev.weft.web.audiences;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.WeftException;
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
import dev.weft.audiences.AudienceVersion;
import dev.weft.identity.IdentityConfig;
import dev.weft.identity.IdentityService;
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
 * The audiences pages: the list (with each size's trend), one audience (with its overlap with another), and the
 * builder, whose size, split counts and sample of members follow every edit. They call the services
 * {@code /v1/audiences} and {@code /v1/catalog} call; what the audiences feature refuses is shown next to the
 * condition it is about.
 */
@Hidden
@Controller("/app/audiences")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AudiencePages {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Members shown while building. */
    static final int SAMPLE_SIZE = 5;
    /** Profiles shown of those a new version would add, and of those it would drop. */
    static final int DIFF_SAMPLE_SIZE = 10;

    private final AudienceCatalogue audiences;
    private final AudienceBuilderCatalog catalog;
    private final AudiencePreviews previews;
    private final AudienceRuns runs;
    private final List<AudienceUsage> usages;
    private final IdentityService identity;

    public AudiencePages(AudienceCatalogue audiences, AudienceBuilderCatalog catalog, AudiencePreviews previews, AudienceRuns runs,
                         List<AudienceUsage> usages, IdentityService identity) {
        this.audiences = audiences;
        this.catalog = catalog;
        this.previews = previews;
        this.runs = runs;
        this.usages = usages;
        this.identity = identity;
    }

    /** An audience in the list: its last successful size and when, the trend of its sizes, and the syncs that send it. */
    public record Listed(Audience audience, SizeTrend trend, List<String> syncs) {
    }

    /** A saved version of an audience made through the API or here: who saved it, when, and its definition then. */
    public record Version(int version, String createdBy, java.time.Instant createdAt, String definition) {
    }

    @Get
    @RequiresScope("audiences:read")
    public ModelAndView<Map<String, Object>> list(@RequestAttribute(WebSession.ATTRIBUTE) WebSession session) {
        List<Listed> listed = audiences.list().stream()
                .map(a -> new Listed(a, SizeTrend.of(a.invalid() == null ? runs.history(a.id()) : List.of()), syncsUsing(a.id()))).toList();
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
        List<Version> versions = new java.util.ArrayList<>();
        for (AudienceVersion v : a.fromGit() ? List.<AudienceVersion>of() : audiences.versions(id)) {
            versions.add(new Version(v.version(), v.createdBy(), v.createdAt(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(v.definition())));
        }
        model.put("versions", versions);
        model.put("others", audiences.list().stream().filter(o -> o.invalid() == null && !o.id().equals(id)).toList());
        return HttpResponse.ok(Pages.view("audience", session, model));
    }

    /** How many profiles the audience shares with another, as {@code POST /v1/audiences/overlap} counts them now. */
    @Post("/{id}/overlap")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RequiresScope("audiences:read")
    public ModelAndView<Map<String, Object>> overlap(String id, @Body Map<String, String> fields,
                                                     @RequestAttribute(WebSession.ATTRIBUTE) WebSession session) {
        String other = fields.getOrDefault("other", "");
        Map<String, Object> model = new LinkedHashMap<>();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.putArray("audiences").add(id).add(other);
        try {
            AudiencePreviews.Overlap overlap = previews.overlap(body);
            model.put("other", audiences.get(other));
            model.put("size", overlap.sizes().get(id));
            model.put("otherSize", overlap.sizes().get(other));
            model.put("both", overlap.pairs().get(0).both());
        } catch (AudienceException e) {
            model.put("problem", e.problems().isEmpty() ? e.getMessage() : e.problems().get(0).problem());
        } catch (WarehouseTimeoutException e) {
            model.put("problem", "counting took longer than the " + e.limit().toSeconds() + " s limit for interactive queries: "
                    + "try again when the warehouse is less busy");
        }
        return Pages.view("audience :: overlap", session, model);
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
                    .orElseGet(() -> Pages.problem(HttpStatus.CONFLICT, session, "audience '" + a.name() + "' has what the "
                            + "builder cannot show (groups nested inside groups, a list value holding a comma, or a choice the "
                            + "catalog no longer offers): change it through the API"));
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
        // The page chose it (an identifier type that is a trait); anything else is no trait to show.
        String identifier = form.traitColumns().contains(fields.get("sample_identifier")) ? fields.get("sample_identifier") : null;
        ObjectNode sample = body.putObject("sample").put("size", SAMPLE_SIZE);
        ArrayNode traits = sample.putArray("traits");
        if (identifier != null) {
            traits.add(identifier);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("form", form);
        model.put("identifier", identifier);
        try {
            AudiencePreviews.Preview preview = previews.preview(body);
            model.put("count", preview.count());
            model.put("splitCounts", preview.splitCounts());
            model.put("sample", preview.sample());
            if (form.getEditing() != null) {
                model.put("diff", previews.diff(form.getEditing(), form.definition(), DIFF_SAMPLE_SIZE,
                        identifier == null ? List.of() : List.of(identifier)));
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

    /**
     * The traits column a member of the sample is shown by and looked up with on the profiles page: the first
     * identifier type (by the identity graph's priority) that is also a trait; null when none is.
     */
    private String identifierTrait(AudienceBuilderCatalog.Catalog c) {
        try {
            List<String> traits = c.traits().stream().map(AudienceBuilderCatalog.Trait::column).toList();
            return identity.config().typesByPriority().stream().map(IdentityConfig.IdType::name).filter(traits::contains).findFirst()
                    .orElse(null);
        } catch (WeftException e) {
            return null; // no identity graph configured: the sample shows profile IDs only
        }
    }

    private List<String> syncsUsing(String id) {
        return usages.stream().flatMap(u -> u.syncsUsing(id).stream()).distinct().sorted().toList();
    }

    private ModelAndView<Map<String, Object>> builderPage(WebSession session, AudienceBuilderCatalog.Catalog c, BuilderForm form) {
        return Pages.view("audience-builder", session, builderModel(c, form));
    }

    private ModelAndView<Map<String, Object>> builderFragment(WebSession session, AudienceBuilderCatalog.Catalog c,
                                                                    BuilderForm form) {
        return Pages.view("audience-builder :: builder", session, builderModel(c, form));
    }

    private Map<String, Object> builderModel(AudienceBuilderCatalog.Catalog c, BuilderForm form) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("form", form);
        model.put("catalog", c);
        model.put("sampleIdentifier", identifierTrait(c));
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
        model.put("units", BuilderForm.UNITS);
        model.put("aggregates", BuilderForm.AGGREGATES);
        model.put("aggregateOperators", BuilderForm.AGGREGATE_OPERATORS);
        Map<String, Map<String, String>> propertyTypes = new LinkedHashMap<>();
        Map<String, List<String>> propertyOperators = new LinkedHashMap<>();
        c.events().forEach(e -> {
            Map<String, String> types = new LinkedHashMap<>();
            e.properties().forEach(p -> {
                types.put(p.name(), p.type());
                propertyOperators.putIfAbsent(p.type(), BuilderForm.operators(p.type()));
            });
            propertyTypes.put(e.name(), types);
        });
        model.put("propertyTypes", propertyTypes);
        model.put("propertyOperators", propertyOperators);
        return model;
    }
}
