package dev.weft.web.profiles;

import dev.weft.WeftException;
import dev.weft.api.RequiresScope;
import dev.weft.audiences.AudiencePreviews;
import dev.weft.audiences.AudienceRuns;
import dev.weft.audiences.AudiencesNotReadyException;
import dev.weft.identity.IdentityConfig;
import dev.weft.identity.IdentityGraphInspector;
import dev.weft.identity.IdentityService;
import dev.weft.identity.UnknownIdentifierException;
import dev.weft.warehouse.WarehouseTimeoutException;
import dev.weft.web.Pages;
import dev.weft.web.WebSession;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The profiles pages: look a profile up by any identifier (normalized as the identity graph normalizes it),
 * see its traits (its row of the audiences' traits model), the identity graph's summary of it, its identifiers, the audiences it is a member of (as last materialized) and recent merges
 * and splits, and ask why two of its identifiers are
 * linked: the explain path, drawn as a chain of identifiers with each link's source rows. They call the
 * services {@code /v1/profiles} and {@code /v1/identity/explain} call.
 */
@Hidden
@Controller("/app/profiles")
@ExecuteOn(TaskExecutors.BLOCKING)
@RequiresScope("identity:read")
public class ProfilePages {

    private final IdentityService identity;
    private final AudienceRuns audiences;
    private final AudiencePreviews previews;

    public ProfilePages(IdentityService identity, AudienceRuns audiences, AudiencePreviews previews) {
        this.identity = identity;
        this.audiences = audiences;
        this.previews = previews;
    }

    @Get
    public ModelAndView<Map<String, Object>> search(@Nullable @QueryValue String type, @Nullable @QueryValue String value,
                                                    @RequestAttribute(WebSession.ATTRIBUTE) WebSession session) {
        Map<String, Object> model = new LinkedHashMap<>();
        IdentityConfig config;
        try {
            config = identity.config();
        } catch (WeftException e) {
            model.put("problem", e.getMessage());
            return Pages.view("profiles", session, model);
        }
        model.put("types", config.typesByPriority().stream().map(IdentityConfig.IdType::name).toList());
        model.put("type", type);
        model.put("value", value == null ? "" : value);
        if (type != null && value != null && !value.isBlank()) {
            lookUp(config, type, value.trim(), model);
        }
        return Pages.view("profiles", session, model);
    }

    /** Why two identifiers share a profile (or why not): the fragment the profile page loads under its identifiers. */
    @Get("/explain")
    public ModelAndView<Map<String, Object>> explain(@QueryValue String from, @QueryValue String to,
                                                     @RequestAttribute(WebSession.ATTRIBUTE) WebSession session) {
        Map<String, Object> model = new LinkedHashMap<>();
        try {
            IdentityGraphInspector.Explanation explanation = identity.explain(identity.interactiveInspector(), from, to);
            model.put("explanation", explanation);
            model.put("graph", ExplainGraph.of(explanation));
        } catch (UnknownIdentifierException e) {
            model.put("problem", e.getMessage());
        } catch (WarehouseTimeoutException e) {
            model.put("problem", "the explanation took longer than the " + e.limit().toSeconds() + " s limit for interactive "
                    + "queries: run 'weft identity explain', which has no time limit");
        } catch (WeftException e) {
            model.put("problem", e.getMessage());
        }
        return Pages.view("profiles :: explain", session, model);
    }

    private void lookUp(IdentityConfig config, String type, String value, Map<String, Object> model) {
        if (config.type(type).isEmpty()) {
            model.put("problem", "'" + type + "' is not a configured identifier type");
            return;
        }
        try {
            IdentityService.Lookup found = identity.lookUp(config, type, value);
            String normalized = found.normalized();
            Optional<IdentityGraphInspector.Profile> profile = found.profile();
            if (profile.isEmpty()) {
                model.put("problem", "no profile has " + type + ":" + value + (normalized != null && !normalized.equals(value)
                        ? " (normalized: " + normalized + ")" : ""));
                return;
            }
            model.put("profile", profile.get());
            model.put("memberships", audiences.memberships(profile.get().profileId()));
            try {
                model.put("traits", previews.traitsOf(profile.get().profileId()).orElse(null));
            } catch (AudiencesNotReadyException e) {
                model.put("traitsProblem", e.getMessage());
            }
            List<String> labels = profile.get().identifiers().stream().map(IdentityGraphInspector.Identifier::label).toList();
            model.put("labels", labels);
            model.put("searched", type + ":" + normalized);
        } catch (WarehouseTimeoutException e) {
            model.put("problem", "the lookup took longer than the " + e.limit().toSeconds() + " s limit for interactive queries: "
                    + "try again when the warehouse is less busy");
        }
    }
}
