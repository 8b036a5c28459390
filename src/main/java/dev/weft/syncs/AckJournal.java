package dev.weft.syncs;

import dev.weft.WeftException;
import dev.weft.destinations.Operation;
import dev.weft.store.Store;
import dev.weft.warehouse.BulkWriter;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.SqlTemplates;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseNames;
import jakarta.inject.Singleton;
import org.jooq.BatchBindStep;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record4;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.ToLongFunction;

/**
 * The ack journal: each record a destination acknowledged is written to the store right away, and
 * later folded into the warehouse's state table in bulk ({@code sql/syncs/merge_acks.sql}, one
 * transaction per flush), at the end of a run, at intervals during long runs, and first thing on start-up. Until
 * merged, an acknowledgement lives in the journal, so a crash loses none. Each acknowledgement names
 * the state table it belongs to: one for a state the sync no longer uses (its destination changed) is
 * void and dropped.
 */
@Singleton
public class AckJournal {

    /** One acknowledged record. */
    public record Ack(String key, Operation operation, long payloadHash) {
    }

    static final Table<Record> ACKS = DSL.table("weft_sync_acks");
    static final Field<Long> ID = DSL.field("id", Long.class);
    static final Field<String> SYNC_ID = DSL.field("sync_id", String.class);
    static final Field<String> RUN_ID = DSL.field("run_id", String.class);
    static final Field<String> RECORD_KEY = DSL.field("record_key", String.class);
    static final Field<String> OPERATION = DSL.field("operation", String.class);
    static final Field<Long> PAYLOAD_HASH = DSL.field("payload_hash", Long.class);
    static final Field<LocalDateTime> ACKED_AT = DSL.field("acked_at", LocalDateTime.class);
    static final Field<String> STATE_TABLE = DSL.field("state_table", String.class);

    private final Store store;
    private final SyncStates states;

    public AckJournal(Store store, SyncStates states) {
        this.store = store;
        this.states = states;
    }

    /** Writes acknowledgements in one JDBC batch and transaction; returns when they are durable in the store. */
    public void record(SyncState state, String runId, List<Ack> acks) {
        if (acks.isEmpty()) {
            return;
        }
        String syncId = state.syncId();
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        try {
            store.dsl().transaction(tx -> {
                BatchBindStep insert = tx.dsl().batch(tx.dsl().insertInto(ACKS, SYNC_ID, RUN_ID, RECORD_KEY, OPERATION, PAYLOAD_HASH,
                        ACKED_AT, STATE_TABLE).values((String) null, null, null, null, null, null, null));
                for (Ack a : acks) {
                    insert.bind(syncId, runId, a.key(), a.operation().name().toLowerCase(Locale.ROOT), a.payloadHash(), now,
                            state.stateTable());
                }
                insert.execute();
            });
        } catch (DataAccessException e) {
            throw new WeftException("store: cannot journal " + acks.size() + " acknowledgements of sync '" + syncId + "': "
                    + e.getMessage(), e);
        }
    }

    public long pending(String syncId) {
        return store.dsl().fetchCount(ACKS, SYNC_ID.eq(syncId));
    }

    /** Acknowledgements of every sync not yet merged. */
    public long pendingTotal() {
        return store.dsl().fetchCount(ACKS);
    }

    /** Syncs with acknowledgements not yet merged. */
    public List<String> syncsWithPending() {
        return store.dsl().selectDistinct(SYNC_ID).from(ACKS).fetch(SYNC_ID);
    }

    /**
     * Merges the sync's journal into the state table {@link SyncStates} records for it and clears what
     * was merged; returns how many acknowledgements it merged. Acknowledgements for another state table
     * (the sync's destination changed since) are dropped. Without a recorded state (see
     * {@link SyncStates#current}, which callers use first) nothing is touched. Safe to repeat after a
     * crash at any point.
     */
    public long flush(String syncId, Warehouse warehouse) {
        Optional<String> state = states.recordedTable(syncId);
        Long maxId = store.dsl().select(DSL.max(ID)).from(ACKS).where(SYNC_ID.eq(syncId)).fetchOne(0, Long.class);
        if (maxId == null || state.isEmpty()) {
            return 0;
        }
        // Void: acknowledgements for a state table the sync no longer uses, left out here and cleared with the
        // rest below (one pass over the journal fewer). Those journaled before store version V42 have none;
        // they belong to the sync's state, whatever its table is named now.
        Condition merged = SYNC_ID.eq(syncId).and(ID.le(maxId));
        Condition current = merged.and(STATE_TABLE.isNull().or(STATE_TABLE.eq(state.get())));
        long count = mergeIntoState(warehouse, syncId, state.get(), w -> {
            long written = 0;
            try (Cursor<Record4<String, String, Long, Long>> rows = store.dsl()
                    .select(RECORD_KEY, OPERATION, PAYLOAD_HASH, ID).from(ACKS)
                    .where(current).orderBy(ID).fetchSize(10_000).fetchLazy()) {
                for (Record4<String, String, Long, Long> r : rows) {
                    w.append(r.value1(), r.value2(), r.value3(), r.value4());
                    written++;
                }
            }
            return written;
        });
        store.dsl().deleteFrom(ACKS).where(merged).execute();
        return count;
    }

    /**
     * Folds acknowledgements into a sync's state table in one transaction ({@code sql/syncs/merge_acks.sql}) through a
     * fresh work table, dropped whatever happens: {@code acks} appends their rows (record key, lower-case operation,
     * payload hash, a sequence number, the latest winning per key) and returns how many. The journal's flush uses it,
     * and {@code weft warehouse check} on acknowledgements of its own.
     */
    public static long mergeIntoState(Warehouse warehouse, String syncId, String stateTable, ToLongFunction<BulkWriter> acks) {
        // A fresh work table per flush: two replicas flushing one journal at start-up never collide.
        String work = WarehouseNames.of("weft_sync_acks_", syncId, UUID.randomUUID().toString());
        Map<String, Object> vars = Map.of("acks", work, "state", stateTable,
                "plan", SyncPlanner.planTable(syncId), "varchar", warehouse.dialect().typeName(ColumnType.VARCHAR));
        warehouse.executeAll(SqlTemplates.statements(warehouse.dialect(), "syncs/acks_table.sql", vars));
        SyncPlanner.addSourceHash(warehouse, stateTable);
        SyncPlanner.addSourceHash(warehouse, SyncPlanner.planTable(syncId));
        try {
            long count;
            try (BulkWriter w = warehouse.bulkWriter(work, List.of("record_key", "op", "payload_hash", "seq"))) {
                count = acks.applyAsLong(w);
            }
            warehouse.executeAll(SqlTemplates.statements(warehouse.dialect(), "syncs/merge_acks.sql", vars));
            return count;
        } finally {
            warehouse.execute(warehouse.dialect().dropTableIfExists(work));
        }
    }
}
