package dev.weft.api.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.weft.api.RunState;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** One model (kind model) or schema test (kind test) of a run. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record ModelResultView(String name, @Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = String.class, allowableValues = {"model", "test"}) String kind,
                       String model, @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) String materialized,
                       @Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = String.class, allowableValues = {"succeeded", "failed", "skipped"}) RunState status,
                       @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) Instant startedAt, long durationMs,
                       @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED,
                               description = "rows built or merged; failing rows of a test; null for views") Long rowsAffected,
                       @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) String sqlHash, @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) String compiledSql, @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) String error) {

    static ModelResultView of(dev.weft.models.ModelResult r) {
        return new ModelResultView(r.name(), r.kind(), r.model(), r.materialized(), ModelRunView.state(r.status()), r.startedAt(),
                r.durationMs(), r.rowsAffected(), r.sqlHash(), r.compiledSql(), r.error());
    }
}
