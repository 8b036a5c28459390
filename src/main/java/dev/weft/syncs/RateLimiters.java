package dev.weft.syncs;

import dev.weft.destinations.RateLimit;
import dev.weft.store.Store;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import jakarta.inject.Singleton;
import org.jooq.SQLDialect;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One rate limiter per destination account (destination type and connection), so every sync using a
 * connection shares its vendor budget. On a PostgreSQL store the bucket is kept in the store and shared
 * by every replica ({@link SharedTokenBucket}); the embedded H2 store serves one {@code weft serve}, whose
 * buckets stay in its memory ({@link TokenBucket}), as do those of destinations without a limit. A
 * connection whose declared limit changes gets a fresh limiter.
 */
@Singleton
public class RateLimiters {

    private record Entry(RateLimit limit, RateLimiter limiter) {
    }

    private final Map<String, Entry> limiters = new ConcurrentHashMap<>();
    private final Store store;
    private final ProxyManager<String> shared;

    public RateLimiters(Store store) {
        this.store = store;
        this.shared = store.dialect() == SQLDialect.POSTGRES
                ? Bucket4jPostgreSQL.selectForUpdateBasedBuilder(store.dataSource()).primaryKeyMapper(PrimaryKeyMapper.STRING)
                        .table("weft_rate_buckets").idColumn("id").stateColumn("state").build()
                : null;
    }

    public RateLimiter forConnection(String destinationType, String connectionId, RateLimit limit) {
        String account = destinationType + "/" + connectionId;
        return limiters.compute(account, (key, e) -> e != null && e.limit().equals(limit) ? e : new Entry(limit, create(key, limit)))
                .limiter();
    }

    private RateLimiter create(String account, RateLimit limit) {
        return shared == null || limit.equals(RateLimit.unlimited())
                ? new TokenBucket(limit) : new SharedTokenBucket(store, shared, account, limit);
    }
}
