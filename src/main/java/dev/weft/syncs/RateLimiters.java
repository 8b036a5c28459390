package dev.weft.syncs;

import dev.weft.destinations.RateLimit;
import dev.weft.store.Store;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One rate limiter per destination account (destination type and connection), so every sync using a
 * connection shares its vendor budget, in this process and in every other on the same store: the bucket
 * is kept in the store ({@link SharedTokenBucket}). Destinations without a limit get a bucket in memory
 * that never waits, and cost no store round trip. A connection whose declared limit changes gets a
 * fresh limiter.
 */
@Singleton
public class RateLimiters {

    private record Entry(RateLimit limit, RateLimiter limiter) {
    }

    private final Map<String, Entry> limiters = new ConcurrentHashMap<>();
    private final Store store;
    private final ProxyManager<String> buckets;

    public RateLimiters(Store store) {
        this.store = store;
        // Bucket4j's PostgreSQL proxy manager locks the bucket's row (SELECT ... FOR UPDATE), which H2 does too.
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(store.dataSource()).primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("weft_rate_buckets").idColumn("id").stateColumn("state").build();
    }

    public RateLimiter forConnection(String destinationType, String connectionId, RateLimit limit) {
        String account = destinationType + "/" + connectionId;
        return limiters.compute(account, (key, e) -> e != null && e.limit().equals(limit) ? e : new Entry(limit, create(key, limit)))
                .limiter();
    }

    private RateLimiter create(String account, RateLimit limit) {
        return limit.equals(RateLimit.unlimited()) ? new TokenBucket(limit) : new SharedTokenBucket(store, buckets, account, limit);
    }
}
