package dev.weft.api.syncs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** An asynchronous vendor job a sync submitted (Google Ads, Klaviyo, Salesforce Bulk). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record SyncJobView(String jobId,
                   @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"submitted", "processing", "done", "failed"}) String state,
                   long records, @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) String message, String runId,
                   @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) String settledByRunId, Instant submittedAt,
                   @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) Instant checkedAt, @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) Instant finishedAt) {
}
