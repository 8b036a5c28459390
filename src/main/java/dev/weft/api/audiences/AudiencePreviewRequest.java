package dev.weft.api.audiences;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/** What to preview: an unsaved definition, or a saved audience by id, an optional sample, and where relative windows end. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "An unsaved 'definition', or a saved 'audience' by id (both: the definition split as that audience "
        + "would be), and an optional sample")
record AudiencePreviewRequest(@Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, type = "object") AudienceBody definition,
                              @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String audience,
                              @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, type = "object") AudienceSample sample,
                              @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, example = "latest_event",
                                      description = AudienceRunRequest.AS_OF) String asOf) {
}
