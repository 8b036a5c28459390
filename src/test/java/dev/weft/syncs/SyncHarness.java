package dev.weft.syncs;

import dev.weft.Workspace;
import dev.weft.audit.AuditLog;
import dev.weft.consent.Consents;
import dev.weft.destinations.DestinationProvider;
import dev.weft.destinations.file.FileDestinationProvider;
import dev.weft.destinations.webhook.WebhookDestinationProvider;
import dev.weft.store.CredentialVault;
import dev.weft.store.Store;
import dev.weft.store.StoreConfig;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseConfig;
import dev.weft.warehouse.Warehouses;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The syncs feature wired by hand over a workspace folder: a store (embedded H2 there, or a Postgres
 * URL), one warehouse, the file and webhook destinations, and the credential vault.
 */
final class SyncHarness implements AutoCloseable {

    /** A fixed test key (base64 of 32 bytes) so a child JVM opens the same sealed secrets. */
    static final String MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    final Path dir;
    final Workspace workspace;
    final Store store;
    final Warehouses warehouses;
    final CredentialVault secrets;
    final DestinationTypes types;
    final Connections connections;
    final SyncDefinitions definitions;
    final AuditLog audit;
    final SyncStates states;
    final AckJournal journal;
    final SyncRuns runs;
    final SyncJobs jobs;
    final RateLimiters limiters;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final SyncMetrics metrics = new SyncMetrics(meters);

    SyncHarness(Path dir, WarehouseConfig warehouse, String storeUrl) {
        this(dir, warehouse, storeUrl, List.of());
    }

    /** With {@code extraTypes} beside the file and webhook destinations. */
    SyncHarness(Path dir, WarehouseConfig warehouse, String storeUrl, List<DestinationProvider> extraTypes) {
        this.dir = dir;
        this.workspace = new Workspace(dir.toString());
        this.store = new Store(new StoreConfig(storeUrl, null, null, 4), workspace);
        this.warehouses = new Warehouses(List.of(warehouse), warehouse.name(), workspace);
        warehouses.create(warehouse.name());
        this.secrets = CredentialVault.open(store, MASTER_KEY);
        List<DestinationProvider> providers = new java.util.ArrayList<>(List.of(new FileDestinationProvider(workspace, "."),
                new WebhookDestinationProvider()));
        providers.addAll(extraTypes);
        this.types = new DestinationTypes(providers);
        this.audit = new AuditLog(store);
        this.connections = new Connections(store, secrets, types, audit);
        this.definitions = new SyncDefinitions(workspace, store, audit);
        this.runs = new SyncRuns(store);
        this.jobs = new SyncJobs(store);
        this.states = new SyncStates(store, connections, definitions, jobs);
        this.journal = new AckJournal(store, states);
        this.limiters = new RateLimiters(store);
    }

    Warehouse warehouse() {
        return warehouses.primary();
    }

    SyncExecutor executor(SyncsConfig config) {
        return new SyncExecutor(definitions, connections, types, warehouses, journal, runs, jobs, limiters, config, states, metrics,
                new Consents(workspace));
    }

    SyncExecutor executor() {
        return executor(new SyncsConfig(null, null, 4, java.time.Duration.ofMillis(20), java.time.Duration.ofSeconds(2), null, null, null, null));
    }

    /** The state table recorded for the sync (after its first run or plan). */
    String stateTable(String syncId) {
        return states.recordedTable(syncId).orElseThrow();
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
