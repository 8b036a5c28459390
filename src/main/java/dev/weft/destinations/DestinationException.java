package dev.weft.destinations;

import java.time.Duration;
import java.util.Optional;

/**
 * A whole call failed. Retryable failures (429, 5xx, timeouts) are tried again with backoff that honors
 * {@link #retryAfter()}; others (bad credentials, a missing list) end the run with the records unsynced.
 */
public class DestinationException extends RuntimeException {

    private final boolean retryable;
    private final Duration retryAfter;

    public DestinationException(String message, boolean retryable, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public static DestinationException retryable(String message, Duration retryAfter) {
        return new DestinationException(message, true, retryAfter, null);
    }

    public static DestinationException permanent(String message) {
        return new DestinationException(message, false, null, null);
    }

    public boolean retryable() {
        return retryable;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
