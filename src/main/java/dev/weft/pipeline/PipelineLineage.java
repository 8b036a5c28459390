package dev.weft.pipeline;

import dev.weft.models.Lineage;
import jakarta.inject.Singleton;

import java.util.List;

/** The pipeline's graph as the models' docs site draws it. */
@Singleton
class PipelineLineage implements Lineage {

    private final Pipeline pipeline;

    PipelineLineage(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public List<Node> nodes() {
        return pipeline.graph().assets().stream().map(a -> new Node(a.id(), a.kind().label(), a.name(), a.upstream())).toList();
    }
}
