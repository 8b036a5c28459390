package dev.weft.syncs;

import dev.weft.Workspace;
import dev.weft.destinations.file.FileDestinationProvider;
import dev.weft.destinations.webhook.WebhookDestinationProvider;
import dev.weft.store.Store;
import dev.weft.store.StoreConfig;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseConfig;
import dev.weft.warehouse.Warehouses;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The syncs feature wired by hand over a workspace folder: a store (embedded H2 there, or a Postgres
 * URL), one warehouse, the file and webhook destinations, and an in-process secret map.
 */
final class SyncHarness implements AutoCloseable {

    /** Secrets kept in memory, for tests that do not exercise sealing. */
    static final class MapSecrets implements ConnectionSecrets {
        final Map<String, Map<String, String>> values = new ConcurrentHashMap<>();

        @Override
        public void put(String name, String kind, Map<String, String> secrets) {
            values.put(name, Map.copyOf(secrets));
        }

        @Override
        public Map<String, String> get(String name) {
            return values.get(name);
        }

        @Override
        public void delete(String name) {
            values.remove(name);
        }
    }

    final Path dir;
    final Workspace workspace;
    final Store store;
    final Warehouses warehouses;
    final ConnectionSecrets secrets;
    final DestinationTypes types;
    final Connections connections;
    final SyncDefinitions definitions;
    final AckJournal journal;
    final SyncRuns runs;
    final RateLimiters limiters = new RateLimiters();

    SyncHarness(Path dir, WarehouseConfig warehouse, String storeUrl, ConnectionSecrets secrets) {
        this.dir = dir;
        this.workspace = new Workspace(dir.toString());
        this.store = new Store(new StoreConfig(storeUrl, null, null, 4), workspace);
        this.warehouses = new Warehouses(List.of(warehouse), warehouse.name(), workspace);
        this.secrets = secrets;
        this.types = new DestinationTypes(List.of(new FileDestinationProvider(workspace), new WebhookDestinationProvider()));
        this.connections = new Connections(store, secrets, types);
        this.definitions = new SyncDefinitions(workspace, store);
        this.journal = new AckJournal(store);
        this.runs = new SyncRuns(store);
    }

    Warehouse warehouse() {
        return warehouses.primary();
    }

    SyncExecutor executor(SyncsConfig config) {
        return new SyncExecutor(definitions, connections, types, warehouses, journal, runs, limiters, config);
    }

    SyncExecutor executor() {
        return executor(new SyncsConfig(null, null, 4, java.time.Duration.ofMillis(20), java.time.Duration.ofSeconds(2), null, null));
    }

    void writeSync(String id, String yaml) throws IOException {
        Files.createDirectories(dir.resolve("syncs"));
        Files.writeString(dir.resolve("syncs").resolve(id + ".yml"), yaml);
    }

    @Override
    public void close() {
        warehouses.close();
        store.close();
    }
}
