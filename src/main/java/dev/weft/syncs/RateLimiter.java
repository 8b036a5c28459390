package dev.weft.syncs;

import java.time.Duration;

/** Paces the requests sent to one destination account. */
public interface RateLimiter {

    /** Blocks until one request may be sent. */
    void acquire() throws InterruptedException;

    /** No request is let through before {@code delay} has passed (a vendor's Retry-After). */
    void pauseFor(Duration delay);
}
