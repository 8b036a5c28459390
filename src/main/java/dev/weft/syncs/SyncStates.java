package dev.weft.syncs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.WeftException;
import dev.weft.store.Store;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseNames;
import jakarta.inject.Singleton;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Which state table holds what each sync's destination acknowledged ({@code weft_sync_states}). The
 * state belongs to the sync and its target: the destination type, the connection (by its id, so a
 * connection deleted and made again under the same name is a new target) and the destination options
 * (list, object, ...). The table's name carries a fingerprint of the target, so a sync whose target
 * changed starts from an empty table, and the previous one is dropped. Changing the mapping or the key
 * keeps the state: the diff compares content.
 */
@Singleton
public class SyncStates {

    private static final Logger LOG = LoggerFactory.getLogger(SyncStates.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    static final Table<Record> STATES = DSL.table("weft_sync_states");
    static final Field<String> SYNC_ID = DSL.field("sync_id", String.class);
    static final Field<String> TARGET = DSL.field("target", String.class);
    static final Field<String> STATE_TABLE = DSL.field("state_table", String.class);
    static final Field<String> EPOCH = DSL.field("epoch", String.class);
    static final Field<LocalDateTime> UPDATED_AT = DSL.field("updated_at", LocalDateTime.class);

    static final String STATE_PREFIX = "weft_sync_state_";
    /** Older versions named the tables {@code <prefix><sync id>}, which Postgres cuts at 63 bytes. */
    private static final List<String> LEGACY_PREFIXES = List.of(STATE_PREFIX, SyncPlanner.PLAN_PREFIX);

    private final Store store;
    private final Connections connections;
    private final SyncDefinitions definitions;
    private final SyncJobs jobs;

    public SyncStates(Store store, Connections connections, SyncDefinitions definitions, SyncJobs jobs) {
        this.store = store;
        this.connections = connections;
        this.definitions = definitions;
        this.jobs = jobs;
    }

    /**
     * The sync's state for its current target. On first use, tables an older version named from the
     * sync id alone are adopted (renamed). When the target changed, the previous state table is dropped,
     * open asynchronous jobs (sent to the previous target) are abandoned, and the state starts empty.
     */
    public SyncState current(SyncDefinition sync, Warehouse warehouse) {
        String target = target(sync);
        String table = WarehouseNames.of(STATE_PREFIX, sync.id(), target);
        Optional<SyncState> recorded = recorded(sync.id());
        if (recorded.isEmpty()) {
            adoptLegacyTables(sync.id(), table, warehouse);
            try {
                store.dsl().insertInto(STATES).set(SYNC_ID, sync.id()).set(TARGET, target).set(STATE_TABLE, table)
                        .set(EPOCH, UUID.randomUUID().toString()).set(UPDATED_AT, now()).execute();
            } catch (IntegrityConstraintViolationException raced) {
                // another process recorded it at the same moment: use theirs
            }
            return recorded(sync.id()).orElseThrow();
        }
        SyncState state = recorded.get();
        if (state.stateTable().equals(table)) {
            return state;
        }
        // Drop first, record after: a crash in between only repeats this on the next use.
        warehouse.execute(warehouse.dialect().dropTableIfExists(state.stateTable()));
        warehouse.execute(warehouse.dialect().dropTableIfExists(table));
        jobs.abandonOpen(sync.id(), "the sync's destination changed before this job finished; its records go to the new one");
        store.dsl().update(STATES).set(TARGET, target).set(STATE_TABLE, table).set(EPOCH, UUID.randomUUID().toString())
                .set(UPDATED_AT, now()).where(SYNC_ID.eq(sync.id())).execute();
        LOG.info("sync {}: its destination ({} connection '{}', options {}) differs from the one its state was kept for;"
                        + " dropped state table {}, starting from empty in {}", sync.id(), sync.destination().type(),
                sync.destination().connection(), new TreeMap<>(sync.destination().options()), state.stateTable(), table);
        return recorded(sync.id()).orElseThrow();
    }

    /** The state table the sync's acknowledgements are merged into, when one was recorded. */
    public Optional<String> recordedTable(String syncId) {
        return recorded(syncId).map(SyncState::stateTable);
    }

    /**
     * Starts a new epoch: call after a run in which the destination settled (accepted or refused) every
     * planned record, so that a later change identical to one already sent gets a new idempotency key.
     */
    public void newEpoch(String syncId) {
        store.dsl().update(STATES).set(EPOCH, UUID.randomUUID().toString()).set(UPDATED_AT, now())
                .where(SYNC_ID.eq(syncId)).execute();
    }

    /**
     * Drops everything the sync's delivery kept: its state, plan and dry-run tables, its journal, its
     * open asynchronous jobs and its schedule; run history and row errors stay. Returns false, dropping
     * nothing, while a run of it holds its lease.
     */
    public boolean drop(String syncId, Warehouse warehouse) {
        LocalDateTime now = now();
        if (store.dsl().fetchExists(SyncScheduler.SCHEDULES, SyncScheduler.SYNC_ID.eq(syncId)
                .and(SyncScheduler.RUNNING_UNTIL.gt(now)))) {
            return false;
        }
        store.dsl().deleteFrom(SyncScheduler.SCHEDULES).where(SyncScheduler.SYNC_ID.eq(syncId)).execute();
        recordedTable(syncId).ifPresent(t -> warehouse.execute(warehouse.dialect().dropTableIfExists(t)));
        for (String prefix : LEGACY_PREFIXES) {
            legacyTable(prefix, syncId, warehouse).ifPresent(t -> warehouse.execute(warehouse.dialect().dropTableIfExists(t)));
        }
        warehouse.execute(warehouse.dialect().dropTableIfExists(SyncPlanner.planTable(syncId)));
        warehouse.execute(warehouse.dialect().dropTableIfExists(SyncPlanner.dryRunTable(syncId)));
        jobs.abandonOpen(syncId, "the sync was deleted before this job finished");
        store.dsl().transaction(tx -> {
            tx.dsl().deleteFrom(AckJournal.BATCHES).where(AckJournal.SYNC_ID.eq(syncId)).execute();
            tx.dsl().deleteFrom(STATES).where(SYNC_ID.eq(syncId)).execute();
        });
        return true;
    }

    /** A fingerprint (SHA-256 hex) of what the destination holds: type, connection id, options. */
    private String target(SyncDefinition sync) {
        SyncDefinition.Target dst = sync.destination();
        String connectionId = connections.find(dst.connection()).map(Connections.Connection::id).orElseThrow(() ->
                new WeftException("sync '" + sync.id() + "': /destination/connection: no connection '" + dst.connection()
                        + "' (create it with POST /v1/connections)"));
        try {
            return WarehouseNames.sha256Hex(JSON.writeValueAsString(List.of(dst.type(), connectionId, new TreeMap<>(dst.options()))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<SyncState> recorded(String syncId) {
        return Optional.ofNullable(store.dsl().select(SYNC_ID, TARGET, STATE_TABLE, EPOCH).from(STATES)
                .where(SYNC_ID.eq(syncId)).fetchOne(r -> new SyncState(r.value1(), r.value2(), r.value3(), r.value4())));
    }

    /** Renames the sync's tables from an older version to their names now, where that is safe. */
    private void adoptLegacyTables(String syncId, String stateTable, Warehouse warehouse) {
        for (String prefix : LEGACY_PREFIXES) {
            String name = prefix.equals(STATE_PREFIX) ? stateTable : SyncPlanner.planTable(syncId);
            Optional<String> legacy = legacyTable(prefix, syncId, warehouse);
            if (legacy.isPresent() && !warehouse.tableExists(name)) {
                warehouse.execute(warehouse.dialect().renameTable(legacy.get(), name));
                LOG.info("sync {}: adopted table {} (named by an older version) as {}", syncId, legacy.get(), name);
            }
        }
    }

    /**
     * The table an older version named {@code <prefix><sync id>}, as the engine stored it, when it exists
     * and belongs to this sync alone: when another defined sync's old name was cut to the same 63 bytes
     * (Postgres), the two syncs shared it and nobody can tell whose rows it holds, so it is left alone
     * and the sync starts from empty.
     */
    private Optional<String> legacyTable(String prefix, String syncId, Warehouse warehouse) {
        String legacy = warehouse.dialect().storedName(prefix + syncId);
        if (!warehouse.tableExists(legacy)) {
            return Optional.empty();
        }
        List<String> sharing = definitions.list().stream().map(SyncDefinition::id)
                .filter(other -> !other.equals(syncId) && warehouse.dialect().storedName(prefix + other).equals(legacy)).toList();
        if (!sharing.isEmpty()) {
            LOG.warn("sync {}: table {} (named by an older version) was shared with sync(s) {}: its name was cut to {} bytes,"
                    + " so it cannot tell whose rows it holds; leaving it alone and starting from empty (the destination"
                    + " receives every record again)", syncId, legacy, sharing, WarehouseNames.MAX_LENGTH);
            return Optional.empty();
        }
        return Optional.of(legacy);
    }

    private static LocalDateTime now() {
        return LocalDateTime.now(ZoneOffset.UTC);
    }
}
