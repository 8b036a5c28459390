package dev.weft.api.identity;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.weft.identity.IdentityGraphInspector;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the identity routes answer: the inspector's records with every field present (empty lists and nulls
 * included, as the contract says) and the profile summary's values typed as the scalars they are.
 */
final class IdentityViews {

    private IdentityViews() {
    }

    @Schema(name = "Identifier")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record IdentifierView(long nodeId, String type, String value) {
        static IdentifierView of(IdentityGraphInspector.Identifier i) {
            return new IdentifierView(i.nodeId(), i.type(), i.value());
        }
    }

    @Schema(name = "ProfileChange")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ChangeView(String runId, String change,
                      @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED,
                              description = "the profile IDs this one replaced, comma-separated; null for a new profile") String oldProfileIds,
                      String newProfileId, String reason, Instant changedAt) {
        static ChangeView of(IdentityGraphInspector.Change c) {
            return new ChangeView(c.runId(), c.change(), c.oldProfileIds(), c.newProfileId(), c.reason(), c.changedAt());
        }
    }

    @Schema(name = "LimitDrop")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record LimitDropView(IdentifierView from, IdentifierView to, String type, String detail) {
        static LimitDropView of(IdentityGraphInspector.LimitDrop d) {
            return new LimitDropView(IdentifierView.of(d.from()), IdentifierView.of(d.to()), d.type(), d.detail());
        }
    }

    @Schema(name = "Profile")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ProfileView(String profileId,
                       @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "the profile's traits by column",
                               additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
                       @JsonInclude(content = JsonInclude.Include.ALWAYS) Map<String, Object> summary,
                       List<IdentifierView> identifiers, List<ChangeView> changes,
                       @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "links a per-profile limit dropped")
                       List<LimitDropView> droppedLinks) {
        static ProfileView of(IdentityGraphInspector.Profile p) {
            return new ProfileView(p.profileId(), p.summary(), p.identifiers().stream().map(IdentifierView::of).toList(),
                    p.changes().stream().map(ChangeView::of).toList(), p.droppedLinks().stream().map(LimitDropView::of).toList());
        }
    }

    @Schema(name = "Provenance")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ProvenanceView(String source, String rowKey, Instant firstSeen, Instant lastSeen) {
        static ProvenanceView of(IdentityGraphInspector.Provenance p) {
            return new ProvenanceView(p.source(), p.rowKey(), p.firstSeen(), p.lastSeen());
        }
    }

    @Schema(name = "Step")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record StepView(IdentifierView from, IdentifierView to, List<ProvenanceView> provenance,
                    @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED,
                            description = "why a limit dropped this link; null for a link the profile holds") String dropped) {
        static StepView of(IdentityGraphInspector.Step s) {
            return new StepView(IdentifierView.of(s.from()), IdentifierView.of(s.to()),
                    s.provenance().stream().map(ProvenanceView::of).toList(), s.dropped());
        }
    }

    @Schema(name = "Explanation")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ExplanationView(IdentifierView from, IdentifierView to, boolean linked,
                           @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED,
                                   description = "the shared profile; null when not linked") String profileId,
                           List<StepView> path,
                           @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED,
                                   description = "why they are not linked; null when linked") String reason) {
        static ExplanationView of(IdentityGraphInspector.Explanation e) {
            return new ExplanationView(IdentifierView.of(e.from()), IdentifierView.of(e.to()), e.linked(), e.profileId(),
                    e.path() == null ? List.of() : e.path().stream().map(StepView::of).toList(), e.reason());
        }
    }
}
