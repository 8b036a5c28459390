package dev.weft.api.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.weft.pipeline.Asset;
import dev.weft.models.FreshnessResult;
import dev.weft.pipeline.PipelineGraph;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * One asset of the pipeline with its edges; {@code table}, {@code loaded_at_field} and {@code freshness} (its latest
 * freshness check, if any) only for a source.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record PipelineAssetView(String id,
                         @Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = String.class,
                                 allowableValues = {"source", "model", "identity", "audience", "priority_list", "sync"}) Asset.Kind kind,
                         String name, List<String> upstream, List<String> downstream,
                         @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) String table,
                         @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED) String loadedAtField,
                         @Schema(requiredMode = Schema.RequiredMode.REQUIRED) SourceFreshnessView freshness) {

    static PipelineAssetView of(Asset a, PipelineGraph graph, Map<String, FreshnessResult> freshness) {
        FreshnessResult checked = a.kind() == Asset.Kind.SOURCE ? freshness.get(a.name()) : null;
        return new PipelineAssetView(a.id(), a.kind(), a.name(), a.upstream(), List.copyOf(graph.downstream(a.id())), a.table(),
                a.loadedAtField(), checked == null ? null : SourceFreshnessView.of(checked));
    }
}
