package dev.weft.syncs;

import dev.weft.Workspace;
import dev.weft.destinations.RateLimit;
import dev.weft.store.Store;
import dev.weft.store.StoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded H2 store shares a destination account's bucket and pauses as PostgreSQL does: two
 * stores opened on one workspace (a CLI run beside {@code weft serve}) draw from one budget.
 */
class H2SharedRateLimitTest {

    private static final RateLimit TEN_PER_SECOND = RateLimit.perSecond(10);

    @TempDir
    Path dir;
    private Store serverStore;
    private Store cliStore;
    private RateLimiters server;
    private RateLimiters cli;

    @BeforeEach
    void setUp() {
        Workspace workspace = new Workspace(dir.toString());
        serverStore = new Store(new StoreConfig(null, null, null, 2), workspace);
        cliStore = new Store(new StoreConfig(null, null, null, 2), workspace);
        server = new RateLimiters(serverStore);
        cli = new RateLimiters(cliStore);
    }

    @AfterEach
    void tearDown() {
        cliStore.close();
        serverStore.close();
    }

    @Test
    void tokensOneProcessTookAreGoneForTheOther() throws Exception {
        RateLimiter first = server.forConnection("webhook", "hook", TEN_PER_SECOND);
        for (int i = 0; i < 5; i++) { // the shared bucket holds half the burst
            first.acquire();
        }
        long start = System.nanoTime();
        cli.forConnection("webhook", "hook", TEN_PER_SECOND).acquire();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waited for a refill (one token a 98 ms)")
                .isGreaterThanOrEqualTo(Duration.ofMillis(60));
        start = System.nanoTime();
        cli.forConnection("webhook", "other", TEN_PER_SECOND).acquire();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("another connection is another account")
                .isLessThan(Duration.ofMillis(60));
    }

    @Test
    void aPauseOneProcessRecordsHoldsTheOther() throws Exception {
        RateLimiter cliLimiter = cli.forConnection("webhook", "hook", TEN_PER_SECOND);
        cliLimiter.acquire();
        server.forConnection("webhook", "hook", TEN_PER_SECOND).pauseFor(Duration.ofMillis(700));
        long start = System.nanoTime();
        cliLimiter.acquire();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(690));
    }
}
