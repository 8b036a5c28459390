package dev.weft.api.syncs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Map;

/** The destination type, the named connection, and the destination's own options. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record SyncDestinationBody(@Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String type, @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String connection,
                           @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
                                   description = "text, number or boolean values") Map<String, Object> options) {
}
