package dev.weft.syncs;

import dev.weft.destinations.RateLimit;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per destination connection in this process, so every sync using a connection
 * shares its vendor budget. A connection whose declared limit changes gets a fresh bucket.
 */
@Singleton
public class RateLimiters {

    private record Entry(RateLimit limit, TokenBucket bucket) {
    }

    private final Map<String, Entry> buckets = new ConcurrentHashMap<>();

    public TokenBucket forConnection(String connectionId, RateLimit limit) {
        return buckets.compute(connectionId, (id, e) -> e != null && e.limit().equals(limit) ? e : new Entry(limit, new TokenBucket(limit)))
                .bucket();
    }
}
