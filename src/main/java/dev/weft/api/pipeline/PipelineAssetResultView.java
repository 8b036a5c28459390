package dev.weft.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.weft.pipeline.Asset;
import dev.weft.pipeline.AssetResult;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/** What a pipeline run did with one asset, and why. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record PipelineAssetResultView(String asset,
                               @Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = String.class,
                                       allowableValues = {"source", "model", "identity", "audience", "priority_list", "sync"}) Asset.Kind kind,
                               @Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = String.class,
                                       allowableValues = {"built", "changed", "skipped", "failed"}) AssetResult.Outcome outcome,
                               String reason, double seconds,
                               @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) Long rows) {

    static PipelineAssetResultView of(AssetResult r) {
        return new PipelineAssetResultView(r.asset(), r.kind(), r.outcome(), r.reason(), r.seconds(), r.rows());
    }
}
