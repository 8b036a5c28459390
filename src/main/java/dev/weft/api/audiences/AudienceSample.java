package dev.weft.api.audiences;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** How many profiles a preview samples, and which traits it shows; the feature checks the size. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record AudienceSample(@Nullable @Schema(type = "integer", requiredMode = Schema.RequiredMode.NOT_REQUIRED, minimum = "0",
                              maximum = "100", description = "profiles in the sample, 10 when left out") JsonNode size,
                      @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                              description = "trait columns to show, every trait when left out") List<String> traits) {
}
