package dev.weft.api.syncs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/** When a sync runs on its own: one of cron, every and after, and what to do about missed runs. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record SyncScheduleBody(@Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String cron,
                        @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, example = "900s") String every,
                        @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, allowableValues = "models") String after,
                        @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, allowableValues = {"run_once", "skip"}) String missed) {
}
