package dev.weft.syncs;

/**
 * Told before a scheduled sync run reads its source, so that it reads what its latest definition and inputs
 * give: the pipeline materializes a sync's audience first when the audience's definition or inputs changed
 * since its last materialization. A bean; the scheduler calls every one.
 */
public interface SyncSourcePreparer {

    /** Brings the sync's source up to date; a failure is logged and the run goes on with the source as it is. */
    void prepare(SyncDefinition sync);
}
