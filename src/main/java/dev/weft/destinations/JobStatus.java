package dev.weft.destinations;

import java.util.List;

/**
 * The state of an asynchronous vendor job. When {@code DONE}, every record the job covered is synced
 * except those in {@code failures}; when {@code FAILED}, none is.
 */
public record JobStatus(String jobId, State state, String message, List<RecordResult> failures) {

    public enum State {
        SUBMITTED,
        PROCESSING,
        DONE,
        FAILED
    }

    public JobStatus {
        failures = List.copyOf(failures);
    }

    public boolean finished() {
        return state == State.DONE || state == State.FAILED;
    }
}
