package dev.weft.api.syncs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

/** A run just started in the background; follow it at url. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record SyncRunTriggered(String runId, String syncId, @Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = String.class, allowableValues = "running") dev.weft.api.RunState status,
                        String url) {
}
