package dev.weft.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.weft.api.RunState;
import dev.weft.pipeline.PipelineRun;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** A pipeline run: what started it, its state, and each asset's outcome in run order. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record PipelineRunView(String id, String trigger,
                       @Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = String.class,
                               allowableValues = {"running", "succeeded", "failed"}) RunState status,
                       Instant startedAt, @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) Instant finishedAt,
                       @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) String error,
                       List<PipelineAssetResultView> assets) {

    static PipelineRunView of(PipelineRun r) {
        RunState status = switch (r.status()) {
            case PipelineRun.RUNNING -> RunState.RUNNING;
            case PipelineRun.SUCCEEDED -> RunState.SUCCEEDED;
            default -> RunState.FAILED;
        };
        return new PipelineRunView(r.id(), r.trigger(), status, r.startedAt(), r.finishedAt(), r.error(),
                r.assets().stream().map(PipelineAssetResultView::of).toList());
    }
}
