package dev.weft.api.pipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.weft.api.RunState;
import io.swagger.v3.oas.annotations.media.Schema;

/** A pipeline run just started in the background; follow it at url. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record PipelineRunStarted(String id, @Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = String.class, allowableValues = "running") RunState status,
                          String url) {
}
