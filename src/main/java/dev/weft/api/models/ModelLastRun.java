package dev.weft.api.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.weft.api.RunState;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** How a model's latest run went, with the commit it ran from. */
@Schema(nullable = true, description = "How a model's latest run went; null before its first")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record ModelLastRun(String runId, @Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = String.class, allowableValues = {"succeeded", "failed", "skipped"}) RunState status,
                    Instant startedAt, long durationMs,
                    @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) Long rowsAffected, @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) String sqlHash, @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) String error,
                    @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) String commitSha, boolean dirty) {
}
