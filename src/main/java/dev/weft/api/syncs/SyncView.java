package dev.weft.api.syncs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** A sync as the API answers it: its definition and where it comes from. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record SyncView(String id, SyncSourceBody source, SyncDestinationBody destination, String mode, String key,
                List<SyncMappingBody> mapping,
                @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                        description = "what the records are sent for (docs/consent.md); absent when not given") String purpose,
                @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) SyncConsentLostBody onConsentLost,
                @Schema(requiredMode = Schema.RequiredMode.REQUIRED, oneOf = {String.class, SyncScheduleBody.class},
                        description = "'manual', or when the sync runs") Object schedule,
                @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"api", "git"}) String origin) {
}
