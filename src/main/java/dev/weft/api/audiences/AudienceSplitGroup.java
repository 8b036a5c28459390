package dev.weft.api.audiences;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/** One group of a split and its share. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record AudienceSplitGroup(String name, @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "the group's share; the shares sum to 100") Integer percent) {
}
