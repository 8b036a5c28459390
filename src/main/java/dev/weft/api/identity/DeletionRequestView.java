package dev.weft.api.identity;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.weft.identity.DeletionRequests;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** A deletion request as the API shows it: the identifier by its type and the SHA-256 of its normalized value. */
@Schema(name = "DeletionRequest")
@JsonInclude(JsonInclude.Include.ALWAYS)
record DeletionRequestView(String id, String type, String valueSha256,
                           @Schema(allowableValues = {"pending", "applied", "lifted"}) String status,
                           String requestedBy, Instant requestedAt,
                           @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED,
                                   description = "the identity run that applied it; null while pending") String appliedRun,
                           @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) Instant appliedAt,
                           @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED,
                                   description = "identifiers the run took out of a profile (0: it was in none)") Long identifiersRemoved,
                           @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED,
                                   description = "profiles that lost it") Long profilesAffected,
                           @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) String liftedBy,
                           @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) Instant liftedAt) {
    static DeletionRequestView of(DeletionRequests.DeletionRequest r) {
        return new DeletionRequestView(r.id(), r.type(), r.valueSha256(), r.status(), r.requestedBy(), r.requestedAt(), r.appliedRun(),
                r.appliedAt(), r.identifiersRemoved(), r.profilesAffected(), r.liftedBy(), r.liftedAt());
    }
}
