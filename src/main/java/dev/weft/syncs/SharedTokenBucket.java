package dev.weft.syncs;

import dev.weft.destinations.RateLimit;
import dev.weft.store.Store;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * A destination account's token bucket kept in the store, so every replica on that store draws from one
 * budget: half of {@code burst} tokens, refilled at 98% of the limit's sustained rate ({@link TokenBucket#HEADROOM}).
 * Bucket4j keeps its state in {@code weft_rate_buckets} and takes a token in one locked read-and-write
 * of its row; a caller that must wait sleeps here, having already reserved its token. Concurrent callers
 * in this process are batched into one such round trip.
 *
 * <p>A Retry-After is recorded in {@code weft_rate_pauses}; the replica that moves the pause later
 * empties the bucket and puts it in debt by the tokens the extension would have refilled, so every
 * replica's next token comes after the pause, and the bucket refills from empty. Bucket4j reads the
 * wall clock of each replica: replicas must keep their clocks synchronized (NTP).
 *
 * <p>The embedded H2 store shares its buckets the same way, so a CLI run beside {@code weft serve}
 * (through H2's automatic server) draws from the same budget as the server.
 */
final class SharedTokenBucket implements RateLimiter {

    static final Table<Record> BUCKETS = DSL.table("weft_rate_buckets");
    static final Table<Record> PAUSES = DSL.table("weft_rate_pauses");
    static final Field<String> ID = DSL.field("id", String.class);
    static final Field<byte[]> STATE = DSL.field("state", byte[].class);
    static final Field<LocalDateTime> PAUSED_UNTIL = DSL.field("paused_until", LocalDateTime.class);

    private final Store store;
    private final String account;
    private final BucketProxy bucket;
    private final double tokensPerNano;

    /**
     * {@code account} is the bucket's key, {@code <destination type>/<connection id>}; its bucket and
     * pause rows are created if absent. The limit replaces the one stored (keeping the tokens left), so
     * a vendor limit changed in code takes effect.
     */
    SharedTokenBucket(Store store, ProxyManager<String> buckets, String account, RateLimit limit) {
        this.store = store;
        this.account = account;
        this.tokensPerNano = limit.perSecondRate() * TokenBucket.HEADROOM / 1e9;
        // Half the burst: a replica's first requests after idle wait for a connection (and its handshake)
        // while the bucket refills, so a burst reaches the vendor late, together with the tokens refilled
        // behind it; the vendor, counting from their arrival, has refilled less by then.
        long capacity = Math.max(1, limit.burst() / 2);
        Duration refillPeriod = Duration.ofNanos(Math.round(limit.period().toNanos() / TokenBucket.HEADROOM));
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(l -> l.capacity(capacity).refillGreedy(limit.requests(), refillPeriod))
                .build();
        // Bucket4j reads the row before it would insert one, and its insert (ON CONFLICT (id)) is
        // PostgreSQL's only: with the row in place, the same proxy manager runs on the embedded H2 store.
        insertIfAbsent(BUCKETS, STATE, null);
        insertIfAbsent(PAUSES, PAUSED_UNTIL, LocalDateTime.ofInstant(Instant.EPOCH, ZoneOffset.UTC));
        this.bucket = buckets.builder().withOptimization(Optimizations.batching()).build(account, () -> configuration);
        bucket.replaceConfiguration(configuration, TokensInheritanceStrategy.AS_IS);
    }

    @Override
    public void acquire() throws InterruptedException {
        bucket.asBlocking().consume(1);
    }

    @Override
    public void pauseFor(Duration delay) {
        Duration extension = extendPause(Instant.now().plus(delay));
        if (!extension.isZero()) {
            bucket.tryConsumeAsMuchAsPossible();
            bucket.consumeIgnoringRateLimits(Math.max(1, (long) Math.ceil(extension.toNanos() * tokensPerNano)));
        }
    }

    /**
     * The account's row in {@code table}, with {@code value}, unless it is there. jOOQ's ON CONFLICT
     * emulation on H2 needs the table's key, which a plain-SQL table lacks; a replica inserting it at
     * the same moment wins and that is as good.
     */
    private <T> void insertIfAbsent(Table<Record> table, Field<T> column, T value) {
        try {
            store.dsl().insertInto(table, ID, column)
                    .select(DSL.select(DSL.val(account), DSL.val(value, column)).whereNotExists(DSL.selectOne().from(table).where(ID.eq(account))))
                    .execute();
        } catch (IntegrityConstraintViolationException e) {
            // inserted by another replica between the check and the insert
        }
    }

    /** Moves the account's pause to {@code until} if that is later; how much later than before (or than now). */
    private Duration extendPause(Instant until) {
        LocalDateTime target = LocalDateTime.ofInstant(until, ZoneOffset.UTC);
        return store.dsl().transactionResult(tx -> {
            DSLContext dsl = tx.dsl();
            LocalDateTime previous = dsl.select(PAUSED_UNTIL).from(PAUSES).where(ID.eq(account)).forUpdate().fetchSingle(PAUSED_UNTIL);
            LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
            LocalDateTime from = previous.isAfter(now) ? previous : now;
            if (!target.isAfter(from)) {
                return Duration.ZERO;
            }
            dsl.update(PAUSES).set(PAUSED_UNTIL, target).where(ID.eq(account)).execute();
            return Duration.between(from, target);
        });
    }
}
