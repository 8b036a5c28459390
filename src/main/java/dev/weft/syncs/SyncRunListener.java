package dev.weft.syncs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Told when a run of a sync ends and at every tick of the scheduler, for features that watch runs
 * (alerts). A listener runs in the thread of the run or the tick; its failure is logged and never
 * changes the run's outcome.
 */
public interface SyncRunListener {

    /** A run of {@code syncId} ended (its record is already written) with {@code result}. */
    void runFinished(String syncId, SyncExecutor.RunResult result);

    /** The scheduler of {@code weft serve} ticked at {@code now}. */
    default void schedulerTicked(Instant now) {
    }

    /** Calls every listener, logging (and otherwise ignoring) a failure of one. */
    static void tellEach(List<SyncRunListener> listeners, Consumer<SyncRunListener> call) {
        for (SyncRunListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(SyncRunListener.class).warn("{} failed: {}", listener.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
