package dev.weft.api.pipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** The pipeline's DAG: every asset in run order. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record PipelineView(List<PipelineAssetView> assets) {
}
