package dev.weft.api.audiences;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** How an audience's latest materialization ended. */
@Schema(nullable = true, description = "How an audience's latest materialization ended; null before its first")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record AudienceLastRun(String runId, @Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = String.class, allowableValues = {"succeeded", "failed"}) dev.weft.api.RunState status,
                       @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) Long size,
                       @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) String error,
                       Instant finishedAt) {
}
