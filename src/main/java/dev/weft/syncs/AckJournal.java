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
import org.jooq.Record1;
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

    static final Table<Record> BATCHES = DSL.table("weft_sync_ack_batches");
    static final Field<Long> ID = DSL.field("id", Long.class);
    static final Field<String> SYNC_ID = DSL.field("sync_id", String.class);
    static final Field<String> RUN_ID = DSL.field("run_id", String.class);
    static final Field<LocalDateTime> ACKED_AT = DSL.field("acked_at", LocalDateTime.class);
    static final Field<String> STATE_TABLE = DSL.field("state_table", String.class);
    static final Field<Integer> RECORDS = DSL.field("records", Integer.class);
    static final Field<String> ACKS = DSL.field("acks", String.class);

    /** Characters per journal row at most: H2 holds up to 1,048,576 in a TEXT value. */
    private static final int MAX_ROW_CHARS = 500_000;

    private final Store store;
    private final SyncStates states;

    public AckJournal(Store store, SyncStates states) {
        this.store = store;
        this.states = states;
    }

    /**
     * Writes acknowledgements in one transaction, as one journal row per batch (more when the batch's text is
     * long); returns when they are durable in the store.
     */
    public void record(SyncState state, String runId, List<Ack> acks) {
        if (acks.isEmpty()) {
            return;
        }
        String syncId = state.syncId();
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        try {
            store.dsl().transaction(tx -> {
                BatchBindStep insert = tx.dsl().batch(tx.dsl().insertInto(BATCHES, SYNC_ID, RUN_ID, STATE_TABLE, ACKED_AT, RECORDS, ACKS)
                        .values((String) null, null, null, null, null, null));
                StringBuilder lines = new StringBuilder();
                int records = 0;
                for (Ack a : acks) {
                    if (records > 0 && lines.length() + a.key().length() * 2 + 32 > MAX_ROW_CHARS) {
                        insert.bind(syncId, runId, state.stateTable(), now, records, lines.toString());
                        lines.setLength(0);
                        records = 0;
                    }
                    appendLine(lines, a);
                    records++;
                }
                insert.bind(syncId, runId, state.stateTable(), now, records, lines.toString());
                insert.execute();
            });
        } catch (DataAccessException e) {
            throw new WeftException("store: cannot journal " + acks.size() + " acknowledgements of sync '" + syncId + "': "
                    + e.getMessage(), e);
        }
    }

    public long pending(String syncId) {
        return pending(SYNC_ID.eq(syncId));
    }

    /** Acknowledgements of every sync not yet merged. */
    public long pendingTotal() {
        return pending(DSL.noCondition());
    }

    private long pending(Condition which) {
        Long sum = store.dsl().select(DSL.sum(RECORDS).cast(Long.class)).from(BATCHES).where(which).fetchOne(0, Long.class);
        return sum == null ? 0 : sum;
    }

    /** Syncs with acknowledgements not yet merged. */
    public List<String> syncsWithPending() {
        return store.dsl().selectDistinct(SYNC_ID).from(BATCHES).fetch(SYNC_ID);
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
        Long maxId = store.dsl().select(DSL.max(ID)).from(BATCHES).where(SYNC_ID.eq(syncId)).fetchOne(0, Long.class);
        if (maxId == null || state.isEmpty()) {
            return 0;
        }
        // Void: acknowledgements for a state table the sync no longer uses, left out here and cleared with the
        // rest below (one pass over the journal fewer). Those journaled before store version V42 have none;
        // they belong to the sync's state, whatever its table is named now.
        Condition merged = SYNC_ID.eq(syncId).and(ID.le(maxId));
        Condition current = merged.and(STATE_TABLE.isNull().or(STATE_TABLE.eq(state.get())));
        long count = mergeIntoState(warehouse, syncId, state.get(), w -> {
            long seq = 0;
            try (Cursor<Record1<String>> rows = store.dsl().select(ACKS).from(BATCHES).where(current).orderBy(ID)
                    .fetchSize(100).fetchLazy()) {
                for (Record1<String> r : rows) {
                    seq = appendLines(r.value1(), seq, w);
                }
            }
            return seq;
        });
        store.dsl().deleteFrom(BATCHES).where(merged).execute();
        return count;
    }

    /** One acknowledgement as a journal line: operation, payload hash, the key with \\, tab and newline escaped. */
    static void appendLine(StringBuilder lines, Ack a) {
        lines.append(a.operation().name().toLowerCase(Locale.ROOT)).append('\t').append(a.payloadHash()).append('\t');
        String key = a.key();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            switch (c) {
                case '\\' -> lines.append("\\\\");
                case '\t' -> lines.append("\\t");
                case '\n' -> lines.append("\\n");
                default -> lines.append(c);
            }
        }
        lines.append('\n');
    }

    /**
     * Appends a journal row's acknowledgements to the merge's work table, numbered from {@code seq} in the order they
     * were acknowledged; returns the next number. Lines are as {@link #appendLine} writes them; the last may lack its
     * newline (rows carried over from the journal of one row per record).
     */
    static long appendLines(String lines, long seq, BulkWriter w) {
        int at = 0;
        while (at < lines.length()) {
            int opEnd = lines.indexOf('\t', at);
            int hashEnd = lines.indexOf('\t', opEnd + 1);
            int end = lines.indexOf('\n', hashEnd + 1);
            if (end < 0) {
                end = lines.length();
            }
            StringBuilder key = new StringBuilder(end - hashEnd);
            for (int i = hashEnd + 1; i < end; i++) {
                char c = lines.charAt(i);
                if (c == '\\' && i + 1 < end) {
                    char escaped = lines.charAt(++i);
                    key.append(escaped == 't' ? '\t' : escaped == 'n' ? '\n' : escaped);
                } else {
                    key.append(c);
                }
            }
            w.append(key.toString(), lines.substring(at, opEnd), Long.parseLong(lines, opEnd + 1, hashEnd, 10), seq++);
            at = end + 1;
        }
        return seq;
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
