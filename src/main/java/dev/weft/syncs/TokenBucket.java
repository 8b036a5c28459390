package dev.weft.syncs;

import dev.weft.destinations.RateLimit;

import java.time.Duration;

/**
 * A token bucket in this process only, for destinations that declare no limit (a vendor may still answer
 * 429): {@code burst} tokens, refilled at 98% of the limit's sustained rate. Callers block in
 * {@link #acquire()} until a token is free. {@link #pauseFor} empties the bucket until a vendor's
 * Retry-After has passed, for every sync sharing it. {@link SharedTokenBucket} is the bucket kept in the
 * store, shared by every replica, for destinations with a limit.
 */
public final class TokenBucket implements RateLimiter {

    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long last;
    private long pausedUntil;

    /**
     * Sustained pace as a share of the vendor's limit: requests reach the vendor with network jitter,
     * and pacing at exactly the limit would now and then spend a token the vendor has not refilled yet.
     */
    static final double HEADROOM = 0.98;

    public TokenBucket(RateLimit limit) {
        this.ratePerNano = limit.perSecondRate() * HEADROOM / 1e9;
        this.capacity = Math.max(1, limit.burst());
        this.tokens = capacity;
        this.last = System.nanoTime();
    }

    @Override
    public void acquire() throws InterruptedException {
        while (true) {
            long wait;
            synchronized (this) {
                long now = System.nanoTime();
                refill(now);
                if (now >= pausedUntil && tokens >= 1) {
                    tokens -= 1;
                    return;
                }
                wait = now < pausedUntil ? pausedUntil - now : (long) Math.ceil((1 - tokens) / ratePerNano);
            }
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** No token is handed out before {@code delay} has passed; the bucket refills from empty after it. */
    @Override
    public synchronized void pauseFor(Duration delay) {
        long until = System.nanoTime() + delay.toNanos();
        if (until > pausedUntil) {
            pausedUntil = until;
            tokens = 0;
            last = until;
        }
    }

    private void refill(long now) {
        if (now > last) {
            tokens = Math.min(capacity, tokens + (now - last) * ratePerNano);
            last = now;
        }
    }
}
