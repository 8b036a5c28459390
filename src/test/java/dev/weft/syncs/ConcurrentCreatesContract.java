package dev.weft.syncs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.Workspace;
import dev.weft.audit.AuditLog;
import dev.weft.destinations.file.FileDestinationProvider;
import dev.weft.destinations.webhook.WebhookDestinationProvider;
import dev.weft.store.CredentialVault;
import dev.weft.store.Store;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Creating a connection or an API sync is one insert decided by the store's unique key, on every store
 * (one subclass per database): of concurrent creates of one name exactly one wins, every other one fails
 * with {@link AlreadyExistsException}, and the losers leave no row and no secret behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConcurrentCreatesContract {

    private static final int THREADS = 8;

    @TempDir
    static Path dir;

    private Store store;
    private Connections connections;
    private SyncDefinitions definitions;

    /** A migrated, empty store on the database under test. */
    protected abstract Store openStore(Path dir);

    @BeforeAll
    void open() {
        store = openStore(dir);
        Workspace workspace = new Workspace(dir.toString());
        DestinationTypes types = new DestinationTypes(List.of(new FileDestinationProvider(workspace, FileDestinationProvider.DEFAULT_ROOT),
                new WebhookDestinationProvider()));
        connections = new Connections(store, CredentialVault.open(store, SyncHarness.MASTER_KEY), types, new AuditLog(store));
        definitions = new SyncDefinitions(workspace, store, new AuditLog(store));
    }

    @AfterAll
    void close() {
        store.close();
    }

    @Test
    void oneConnectionCreateWinsAndTheStoredSecretIsTheWinners() throws Exception {
        List<Object> outcomes = concurrently(i -> connections.create("raced", "webhook",
                Map.of("url", "https://hooks.example.com/in"), Map.of("signing-secret", "secret-" + i)).id());
        List<Integer> winners = winners(outcomes);
        assertThat(winners).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !(o instanceof String)).allSatisfy(o -> assertThat(o)
                .isInstanceOf(AlreadyExistsException.class)
                .satisfies(e -> assertThat(((Exception) e).getMessage()).contains("'raced'")));
        assertThat(connections.open("raced").secrets()).containsEntry("signing-secret", "secret-" + winners.get(0));
        assertThat(store.dsl().fetchCount(DSL.table("weft_connections"), DSL.field("name").eq("raced"))).isEqualTo(1);
        assertThat(store.dsl().fetchCount(DSL.table("weft_credentials"), DSL.field("name").eq("connection:raced"))).isEqualTo(1);
    }

    @Test
    void oneSyncCreateWins() throws Exception {
        List<Object> outcomes = concurrently(i -> {
            definitions.create(sync("mode_" + i));
            return "created";
        });
        List<Integer> winners = winners(outcomes);
        assertThat(winners).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !(o instanceof String)).allSatisfy(o -> assertThat(o)
                .isInstanceOf(AlreadyExistsException.class)
                .satisfies(e -> assertThat(((Exception) e).getMessage()).contains("'raced_sync'")));
        // The stored definition is the winner's, not overwritten by a loser.
        assertThat(definitions.find("raced_sync").orElseThrow().mapping().get(0).constant()).isEqualTo("mode_" + winners.get(0));
    }

    private static SyncDefinition sync(String constant) {
        return SyncDefinitionParser.parse(new ObjectMapper().valueToTree(Map.of("id", "raced_sync",
                "source", Map.of("model", "people"), "destination", Map.of("type", "file", "connection", "files"),
                "key", "id", "mapping", List.of(Map.of("constant", constant, "to", "marker")))), null, "api", "test");
    }

    private static List<Integer> winners(List<Object> outcomes) {
        List<Integer> winners = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) instanceof String) {
                winners.add(i);
            }
        }
        return winners;
    }

    /** Runs the create on {@link #THREADS} threads released at once; each outcome is its result or its exception. */
    private static List<Object> concurrently(java.util.function.IntFunction<String> create) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return create.apply(index);
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            start.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> f : futures) {
                outcomes.add(f.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
