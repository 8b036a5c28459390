package dev.weft.models;

import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Told of source freshness checks as the pipeline makes them (at each run and each poll of the sources' watermarks
 * under {@code weft serve}); the alerts feature is one. Implementations are beans, found by type.
 */
public interface SourceFreshnessListener {

    /** The checks just made, one per source table that declares {@code freshness}. */
    void freshnessChecked(List<FreshnessResult> results);

    /** Tells each listener; one that throws is logged and never stops the others or the caller. */
    static void tellEach(List<SourceFreshnessListener> listeners, List<FreshnessResult> results) {
        for (SourceFreshnessListener listener : listeners) {
            try {
                listener.freshnessChecked(results);
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(SourceFreshnessListener.class).warn("{} failed: {}", listener.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
