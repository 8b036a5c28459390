package dev.weft.api.syncs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Map;

/** A connection to make: its name, destination type, settings, and secrets (kept sealed, never answered). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A destination connection; unknown fields are rejected")
record ConnectionBody(@Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "required") String name,
                      @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "required: a destination type") String type,
                      @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, additionalProperties = Schema.AdditionalPropertiesValue.TRUE, description = "text, number or boolean values") Map<String, Object> settings,
                      @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, additionalProperties = Schema.AdditionalPropertiesValue.TRUE, description = "text, number or boolean values; never answered") Map<String, Object> secrets) {
}
