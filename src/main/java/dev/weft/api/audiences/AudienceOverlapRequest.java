package dev.weft.api.audiences;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The audiences to compare; the feature checks the ids. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record AudienceOverlapRequest(@ArraySchema(minItems = 2, maxItems = 10, schema = @Schema(description = "an audience id"),
        arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "2 to 10 distinct audience ids")) List<String> audiences) {
}
