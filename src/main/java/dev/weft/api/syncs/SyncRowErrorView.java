package dev.weft.api.syncs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** One record a run could not deliver, with the destination's message. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record SyncRowErrorView(long id, String recordKey, String operation, String outcome, @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) String message, Instant failedAt) {
}
