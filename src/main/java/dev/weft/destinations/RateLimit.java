package dev.weft.destinations;

import java.time.Duration;

/**
 * A vendor's request budget: {@code requests} calls per {@code period}, with bursts up to {@code burst}.
 * The executor keeps one token bucket per connection, so two syncs to one account share one budget.
 */
public record RateLimit(int requests, Duration period, int burst) {

    public static RateLimit perSecond(int requests) {
        return new RateLimit(requests, Duration.ofSeconds(1), requests);
    }

    public static RateLimit of(int requests, Duration period) {
        return new RateLimit(requests, period, requests);
    }

    public static RateLimit unlimited() {
        return new RateLimit(Integer.MAX_VALUE, Duration.ofSeconds(1), Integer.MAX_VALUE);
    }

    /** Sustained requests per second. */
    public double perSecondRate() {
        return requests / (period.toNanos() / 1e9);
    }
}
