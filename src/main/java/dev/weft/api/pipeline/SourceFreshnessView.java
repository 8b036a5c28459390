package dev.weft.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.weft.models.Freshness;
import dev.weft.models.FreshnessResult;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Duration;
import java.time.Instant;

/** A source table's latest freshness check (weft models source-freshness); durations in seconds. */
@Schema(name = "SourceFreshnessView", nullable = true,
        description = "A source table's latest freshness check, durations in seconds; null when it has none")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record SourceFreshnessView(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = String.class, allowableValues = {"pass", "warn", "error"})
        Freshness.Status status,
        @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED,
                description = "The newest loaded_at_field value; null when there is none") Instant maxLoadedAt,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The warehouse's time of the check") Instant checkedAt,
        @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) Long ageSeconds,
        @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) Long warnAfterSeconds,
        @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) Long errorAfterSeconds,
        @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED,
                description = "Why no age could be measured") String error) {

    static SourceFreshnessView of(FreshnessResult r) {
        return new SourceFreshnessView(r.status(), r.maxLoadedAt(), r.checkedAt(), seconds(r.age()), seconds(r.warnAfter()),
                seconds(r.errorAfter()), r.error());
    }

    private static Long seconds(Duration d) {
        return d == null ? null : d.toSeconds();
    }
}
