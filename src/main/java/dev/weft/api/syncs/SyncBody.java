package dev.weft.api.syncs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * A sync definition as written, in the API or in syncs/*.yml (docs/syncs.md); the syncs feature checks
 * it and points at every problem.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A sync definition (docs/syncs.md); unknown fields are rejected")
record SyncBody(@Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                        description = "required to create; on PUT the path's id when left out") String id,
                @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, type = "object") SyncSourceBody source,
                @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, type = "object") SyncDestinationBody destination,
                @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, allowableValues = {"upsert", "mirror", "insert", "update"},
                        description = "how changes reach the destination; docs/syncs.md") String mode,
                @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "the source column that identifies a record") String key,
                @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) List<SyncMappingBody> mapping,
                @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                        description = "what the records are sent for, a purpose of consent/*.yml (docs/consent.md)") String purpose,
                @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) SyncConsentLostBody onConsentLost,
                // Not @Nullable: OpenAPI 3.0 cannot mark a oneOf of a text and an object nullable; left out means manual.
                @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, oneOf = {String.class, SyncScheduleBody.class},
                        description = "'manual' (the default), or when to run") Object schedule) {
}
