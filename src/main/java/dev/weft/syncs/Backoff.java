package dev.weft.syncs;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with equal jitter (a random delay between half and all of base * 2^attempt, capped), never shorter
 * than the vendor's Retry-After when it sent one.
 */
public record Backoff(Duration base, Duration cap, int maxAttempts) {

    public Duration delay(int attempt, Duration retryAfter) {
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(20, attempt));
        long jittered = ThreadLocalRandom.current().nextLong(ceiling / 2, Math.max(ceiling / 2 + 1, ceiling + 1));
        long floor = retryAfter == null ? 0 : retryAfter.toMillis();
        return Duration.ofMillis(Math.max(floor, jittered));
    }
}
