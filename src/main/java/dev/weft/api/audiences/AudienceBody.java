package dev.weft.api.audiences;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * An audience definition as written. Condition trees stay JSON: the audiences feature reads them with a
 * JSON Pointer for every problem (docs/audiences.md).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "An audience definition; unknown fields are rejected")
record AudienceBody(
        @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "required to create an audience") String name,
        @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String description,
        @Nullable @ArraySchema(schema = @Schema(additionalProperties = Schema.AdditionalPropertiesValue.TRUE, description = "a condition: its type (and, or, not, trait, event, "
                + "audience) and that type's fields, as docs/audiences.md describes"),
                arraySchema = @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "every condition must hold"))
        List<Map<String, Object>> conditions,
        @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, type = "object") AudienceSplit split) {
}
