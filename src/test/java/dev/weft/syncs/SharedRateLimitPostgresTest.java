package dev.weft.syncs;

import dev.weft.testing.TestPostgres;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three replicas (three executors, each with its own store connection pool) on one Postgres store send
 * to one vendor account whose receiver enforces the account's limit as vendors do (a token bucket,
 * 429 with Retry-After beyond it): together they stay within the limit, and a Retry-After one replica
 * meets pauses the other two.
 */
class SharedRateLimitPostgresTest {

    private static final int LIMIT = 20;
    private static final int REPLICAS = 3;

    @TempDir
    Path dir;
    private String schema;
    private final List<SyncHarness> replicas = new ArrayList<>();
    private MockWebServer server;
    private LimitedReceiver receiver;

    @BeforeEach
    void setUp() throws Exception {
        schema = TestPostgres.freshSchema("ratelimit");
        String url = TestPostgres.url();
        String storeUrl = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        for (int i = 0; i < REPLICAS; i++) {
            replicas.add(new SyncHarness(dir, TestPostgres.warehouseConfig("local", schema), storeUrl));
        }
        SyncHarness first = replicas.get(0);
        first.warehouse().createTable("people", List.of(Column.of("id", ColumnType.VARCHAR), Column.of("email", ColumnType.VARCHAR)), true);
        first.warehouse().execute("INSERT INTO people SELECT 'k' || g, 'user' || g || '@x.com' FROM generate_series(1, 600) g");
        receiver = new LimitedReceiver(LIMIT);
        server = new MockWebServer();
        server.setDispatcher(receiver);
        server.start();
        first.connections.create("hook", "webhook", Map.of("url", server.url("/weft").toString(), "max-batch-size", "10",
                "requests-per-second", String.valueOf(LIMIT)), Map.of("signing-secret", "s3cret"));
        for (int i = 0; i < REPLICAS; i++) {
            first.writeSync("people_" + i, """
                    source: {model: people}
                    destination: {type: webhook, connection: hook}
                    key: id
                    mapping: [{from: email, to: email}]
                    """);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        server.shutdown();
        replicas.forEach(SyncHarness::close);
        TestPostgres.dropSchema(schema);
    }

    /** Four batches in flight per run, four attempts per batch. */
    private static SyncsConfig config() {
        return config(4);
    }

    private static SyncsConfig config(int concurrency) {
        return new SyncsConfig(null, null, 4, Duration.ofMillis(50), Duration.ofSeconds(5), null, null, concurrency, null);
    }

    /** Each replica runs its own sync of 600 records (60 requests) to the shared connection, all at once. */
    @Test
    void threeReplicasTogetherStayWithinTheAccountLimit() throws Exception {
        List<CompletableFuture<SyncExecutor.RunResult>> runs = new ArrayList<>();
        for (int i = 0; i < REPLICAS; i++) {
            SyncExecutor executor = replicas.get(i).executor(config());
            String syncId = "people_" + i;
            runs.add(CompletableFuture.supplyAsync(() -> executor.run(syncId, "manual")));
        }
        for (CompletableFuture<SyncExecutor.RunResult> run : runs) {
            assertThat(run.get().status()).isEqualTo(SyncRuns.Status.SUCCEEDED);
            assertThat(run.get().succeeded()).isEqualTo(600);
        }
        long accepted = receiver.accepted.size();
        double sustained = receiver.sustainedRate();
        System.out.printf("3 replicas, limit %d/s: %d requests accepted, %d answered 429, sustained %.2f/s, per second %s%n",
                LIMIT, accepted, receiver.limited.get(), sustained, receiver.perSecond());
        assertThat(accepted).isEqualTo(REPLICAS * 60);
        assertThat(receiver.limited.get() * 100.0 / (accepted + receiver.limited.get())).as("%% of requests answered 429").isLessThan(1);
        assertThat(sustained).as("requests per second after the first burst").isLessThanOrEqualTo(LIMIT).isGreaterThan(LIMIT * 0.8);
    }

    /**
     * The first replica's first request (it sends one at a time) gets 429 with Retry-After: 2; the other
     * two replicas start once the first has recorded the pause, and nothing reaches the receiver before it ends.
     */
    @Test
    void aRetryAfterSeenByOneReplicaPausesTheOthers() throws Exception {
        replicas.get(0).warehouse().execute("DELETE FROM people WHERE CAST(substr(id, 2) AS INT) > 200"); // 20 requests a replica
        receiver.answer429WithRetryAfterSeconds(2);
        CompletableFuture<SyncExecutor.RunResult> first = CompletableFuture.supplyAsync(() -> replicas.get(0).executor(config(1)).run("people_0", "manual"));
        long pausedAt = receiver.awaitFirst429();
        awaitPauseRecorded();
        List<CompletableFuture<SyncExecutor.RunResult>> others = new ArrayList<>();
        for (int i = 1; i < REPLICAS; i++) {
            SyncExecutor executor = replicas.get(i).executor(config());
            String syncId = "people_" + i;
            others.add(CompletableFuture.supplyAsync(() -> executor.run(syncId, "manual")));
        }
        assertThat(first.get().status()).isEqualTo(SyncRuns.Status.SUCCEEDED);
        for (CompletableFuture<SyncExecutor.RunResult> run : others) {
            assertThat(run.get().status()).isEqualTo(SyncRuns.Status.SUCCEEDED);
        }
        long firstAfterPause = receiver.accepted.stream().mapToLong(Long::longValue).min().orElseThrow();
        System.out.printf("Retry-After 2 s: the next request of any replica came %d ms after the 429%n",
                (firstAfterPause - pausedAt) / 1_000_000);
        // Bucket4j's clock has millisecond steps: a few ms of slack.
        assertThat(firstAfterPause - pausedAt).as("ns from the 429 to the next accepted request")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1990).toNanos());
        assertThat(receiver.limited.get()).isEqualTo(1);
    }

    private void awaitPauseRecorded() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (replicas.get(1).store.dsl().fetchCount(DSL.table("weft_rate_pauses")) == 0) {
            assertThat(System.nanoTime()).as("the pause reached the store").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** A vendor's limit: a token bucket of {@code limit} tokens refilled at {@code limit} per second. */
    private static final class LimitedReceiver extends Dispatcher {

        private final int limit;
        private double tokens;
        private long last = System.nanoTime();
        final ConcurrentLinkedQueue<Long> accepted = new ConcurrentLinkedQueue<>();
        final AtomicLong limited = new AtomicLong();
        private final AtomicInteger forced429 = new AtomicInteger();
        private volatile int retryAfterSeconds = 1;
        private volatile long first429;

        LimitedReceiver(int limit) {
            this.limit = limit;
            this.tokens = limit;
        }

        void answer429WithRetryAfterSeconds(int seconds) {
            retryAfterSeconds = seconds;
            forced429.set(1);
        }

        long awaitFirst429() throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (first429 == 0) {
                assertThat(System.nanoTime()).as("a request arrived").isLessThan(deadline);
                Thread.sleep(5);
            }
            return first429;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            long now = System.nanoTime();
            boolean allowed;
            synchronized (this) {
                tokens = Math.min(limit, tokens + (now - last) / 1e9 * limit);
                last = now;
                allowed = forced429.getAndUpdate(n -> Math.max(0, n - 1)) == 0 && tokens >= 1;
                if (allowed) {
                    tokens -= 1;
                }
            }
            if (!allowed) {
                limited.incrementAndGet();
                if (first429 == 0) {
                    first429 = now;
                }
                return new MockResponse().setResponseCode(429).setHeader("Retry-After", String.valueOf(retryAfterSeconds))
                        .setBody("{\"error\":\"rate limited\"}");
            }
            accepted.add(now);
            return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody("{}");
        }

        /** Accepted requests per second between the first second's end and the last request. */
        double sustainedRate() {
            List<Long> times = accepted.stream().sorted().toList();
            long from = times.get(0) + 1_000_000_000L;
            List<Long> after = times.stream().filter(t -> t >= from).toList();
            return (after.size() - 1) / ((after.get(after.size() - 1) - after.get(0)) / 1e9);
        }

        /** Accepted requests in each second since the first. */
        Map<Long, Integer> perSecond() {
            long start = accepted.stream().mapToLong(Long::longValue).min().orElse(0);
            Map<Long, Integer> counts = new TreeMap<>();
            accepted.forEach(t -> counts.merge((t - start) / 1_000_000_000L, 1, Integer::sum));
            return counts;
        }
    }
}
