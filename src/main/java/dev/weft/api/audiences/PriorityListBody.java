package dev.weft.api.audiences;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** A priority list as written; the audiences feature checks it, with a JSON Pointer for every problem. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A priority list: an ordered set of audiences; unknown fields are rejected")
record PriorityListBody(
        @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "required") String name,
        @Nullable @ArraySchema(arraySchema = @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                description = "2 to 20 audience IDs, highest priority first: each profile counts only in the first it is a member of"))
        List<String> audiences) {
}
