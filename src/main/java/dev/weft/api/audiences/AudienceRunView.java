package dev.weft.api.audiences;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** One finished materialization: the size then, and how many profiles entered and exited. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record AudienceRunView(String runId, String audienceId, @Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = String.class, allowableValues = "succeeded") dev.weft.api.RunState status,
                       @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) Integer version,
                       long size, long entered, long exited, Instant computedAt,
                       @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED, description = "where relative "
                               + "windows ended: now, the given instant, or the latest event; null for runs from before it was kept")
                       Instant asOf) {

    static AudienceRunView of(dev.weft.audiences.AudienceRun r) {
        return new AudienceRunView(r.runId(), r.audienceId(), dev.weft.api.RunState.SUCCEEDED, r.version(), r.size(), r.entered(),
                r.exited(), r.computedAt(), r.asOf());
    }
}
