package dev.weft.api.syncs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Map;

/** The rows a sync reads: an audience's members joined to a traits model, or a model. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record SyncSourceBody(@Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String audience, @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String splitGroup,
                      @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "with an audience: read only the members "
                              + "this priority list leaves in it") String priorityList,
                      @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String traits, @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String model,
                      @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                              description = "a model's identifier columns, identifier type (or profile_id) to column, for consent and"
                                      + " suppression (docs/consent.md)") Map<String, String> identifiers) {
}
