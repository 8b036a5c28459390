package dev.weft.syncs;

import dev.weft.WeftException;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;

/**
 * {@code weft.syncs}: how the executor retries and how often it folds the ack journal into the state
 * table during long runs.
 *
 * @param flushInterval   merge the journal at least this often during a run (default 30s)
 * @param flushAcks       ...or whenever this many acknowledgements are pending (default 100000)
 * @param maxAttempts     tries per batch before the run gives up on a failing destination (default 6)
 * @param backoffBase     first retry delay, doubled each attempt, with jitter (default 500ms)
 * @param backoffCap      longest retry delay, unless the vendor's Retry-After asks for longer (default 60s)
 * @param schedulerTick   how often {@code weft serve} looks for due syncs (default 5s)
 * @param lease           how long a replica's lease on a sync lasts without a heartbeat (default 60s, at least 1s);
 *                        renewed every third of it while the replica holds the sync, so a replica that stops
 *                        is taken over within a lease (at once by a process on its host)
 * @param concurrency     batches in flight at once per run (default 16); the rate limit sets the pace
 * @param jobWait         how long a run waits for an asynchronous vendor job it submitted (default 5m);
 *                        a job still running then is checked by the next run
 */
@ConfigurationProperties("weft.syncs")
public record SyncsConfig(@Nullable Duration flushInterval, @Nullable Long flushAcks, @Nullable Integer maxAttempts,
                          @Nullable Duration backoffBase, @Nullable Duration backoffCap, @Nullable Duration schedulerTick,
                          @Nullable Duration lease, @Nullable Integer concurrency,
                          @Nullable Duration jobWait) {

    public static SyncsConfig defaults() {
        return new SyncsConfig(null, null, null, null, null, null, null, null, null);
    }

    public Duration jobWaitOrDefault() {
        return jobWait == null ? Duration.ofMinutes(5) : jobWait;
    }

    public Duration flushIntervalOrDefault() {
        return flushInterval == null ? Duration.ofSeconds(30) : flushInterval;
    }

    public long flushAcksOrDefault() {
        return flushAcks == null ? 100_000 : flushAcks;
    }

    public Backoff backoff() {
        return new Backoff(backoffBase == null ? Duration.ofMillis(500) : backoffBase,
                backoffCap == null ? Duration.ofSeconds(60) : backoffCap, maxAttempts == null ? 6 : maxAttempts);
    }

    public Duration schedulerTickOrDefault() {
        return schedulerTick == null ? Duration.ofSeconds(5) : schedulerTick;
    }

    public int concurrencyOrDefault() {
        return concurrency == null ? 16 : Math.max(1, concurrency);
    }

    public Duration leaseOrDefault() {
        if (lease != null && lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new WeftException("weft.syncs.lease must be at least 1s (renewed every third of it), got " + lease);
        }
        return lease == null ? Duration.ofSeconds(60) : lease;
    }
}
