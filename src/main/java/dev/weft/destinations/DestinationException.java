package dev.weft.destinations;

import java.time.Duration;
import java.util.Optional;

/**
 * A whole call failed. Retryable failures (429, 5xx, timeouts) are tried again with backoff that honors
 * {@link #retryAfter()}; a batch still failing after its attempts, or refused for itself (a bad
 * request), fails its records and the run goes on. Refused access (bad credentials, a key without
 * the permission) fails every call the same way, so it ends the run: see {@link #accessRefused()}.
 */
public class DestinationException extends RuntimeException {

    private final boolean retryable;
    private final Duration retryAfter;
    private final boolean accessRefused;
    private final boolean rateLimited;

    public DestinationException(String message, boolean retryable, Duration retryAfter, Throwable cause) {
        this(message, retryable, retryAfter, false, false, cause);
    }

    private DestinationException(String message, boolean retryable, Duration retryAfter, boolean accessRefused,
                                 boolean rateLimited, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
        this.accessRefused = accessRefused;
        this.rateLimited = rateLimited;
    }

    public static DestinationException retryable(String message, Duration retryAfter) {
        return new DestinationException(message, true, retryAfter, null);
    }

    /** The destination answered with its rate limit (HTTP 429): retryable, and counted as such in the metrics. */
    public static DestinationException rateLimited(String message, Duration retryAfter) {
        return new DestinationException(message, true, retryAfter, false, true, null);
    }

    public static DestinationException permanent(String message) {
        return new DestinationException(message, false, null, null);
    }

    /** The destination refused the credentials or their permissions (401, 403): no call will succeed. */
    public static DestinationException accessRefused(String message) {
        return new DestinationException(message, false, null, true, false, null);
    }

    public boolean retryable() {
        return retryable;
    }

    /** True when every call would fail the same way (authentication or authorization refused). */
    public boolean accessRefused() {
        return accessRefused;
    }

    /** True when the destination refused the call for its rate limit. */
    public boolean rateLimited() {
        return rateLimited;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
