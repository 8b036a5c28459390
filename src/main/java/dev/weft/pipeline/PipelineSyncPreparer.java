package dev.weft.pipeline;

import dev.weft.syncs.SyncDefinition;
import dev.weft.syncs.SyncSourcePreparer;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before a sync's scheduled run, materializes its audience when the audience's definition or inputs changed
 * since its last materialization, so the sync sends what its latest definition gives.
 */
@Singleton
class PipelineSyncPreparer implements SyncSourcePreparer {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineSyncPreparer.class);

    // A provider: the pipeline runs syncs through the scheduler, which asks this preparer.
    private final Provider<Pipeline> pipeline;

    PipelineSyncPreparer(Provider<Pipeline> pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public void prepare(SyncDefinition sync) {
        if (!sync.source().isAudience()) {
            return;
        }
        pipeline.get().refreshAudience(sync.source().audience()).filter(r -> r.outcome() != AssetResult.Outcome.SKIPPED)
                .ifPresent(r -> LOG.info("sync {}: audience {} {} first: {}", sync.id(), sync.source().audience(), r.outcome().label(),
                        r.reason()));
    }
}
