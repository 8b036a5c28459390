package dev.weft.syncs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.WeftException;
import dev.weft.consent.ConsentFilter;
import dev.weft.definitions.Problem;
import dev.weft.destinations.Operation;
import dev.weft.destinations.SyncMode;
import dev.weft.destinations.SyncRecord;
import dev.weft.warehouse.BulkWriter;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Row;
import dev.weft.warehouse.SqlTemplates;
import dev.weft.warehouse.TableInfo;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseNames;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ObjLongConsumer;
import java.util.stream.Collectors;

/**
 * Plans a sync in the warehouse: one statement ({@code sql/syncs/plan.sql}) diffs the source
 * against the sync's state table ({@link SyncStates}) and keeps only what must be sent, in a plan
 * table the executor streams from. A dry run plans into its own table, so it never disturbs a run.
 */
public final class SyncPlanner {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a plan holds, by operation, and how many source records consent or suppression withheld, by reason
     * ({@code revoked}, {@code no_consent}, {@code suppressed:<list>}).
     */
    public record PlanCounts(long added, long changed, long removed, Map<String, Long> withheld) {

        public PlanCounts {
            withheld = Collections.unmodifiableSortedMap(new TreeMap<>(withheld));
        }

        public PlanCounts(long added, long changed, long removed) {
            this(added, changed, removed, Map.of());
        }

        public long total() {
            return added + changed + removed;
        }

        public long withheldTotal() {
            return withheld.values().stream().mapToLong(Long::longValue).sum();
        }

        /** {@code withheld 12 (no_consent 9, revoked 3)}, or {@code withheld 0}. */
        public String withheldText() {
            return String.format(Locale.ROOT, "withheld %,d", withheldTotal()) + (withheld.isEmpty() ? "" : withheld.entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue())).collect(Collectors.joining(", ", " (", ")")));
        }
    }

    private final Warehouse warehouse;
    private final ConsentFilter consent;

    /** A planner that withholds nothing (benchmarks, the warehouse check). */
    public SyncPlanner(Warehouse warehouse) {
        this(warehouse, ConsentFilter.none(warehouse));
    }

    public SyncPlanner(Warehouse warehouse, ConsentFilter consent) {
        this.warehouse = warehouse;
        this.consent = consent;
    }

    static final String PLAN_PREFIX = "weft_sync_plan_";
    /** The withheld counts' suffixes for members sent before that lost consent (docs/consent.md). */
    static final String UPDATED = "updated";
    static final String NO_LONGER_UPDATED = "no_longer_updated";
    /** The withheld count's suffix for records whose last payload a deletion request drops from the state. */
    static final String DROPPED = "dropped";
    /** A plan row of a state row to drop, never sent ({@code sql/syncs/forget.sql#state_rows}). */
    static final String FORGET = "forget";
    /** Identity's record of the profiles forgotten identifiers left ({@code IdentityTables.forgotten}). */
    static final String FORGOTTEN = "weft_id_forgotten";

    public static String planTable(String syncId) {
        return WarehouseNames.of(PLAN_PREFIX, syncId);
    }

    public static String dryRunTable(String syncId) {
        return WarehouseNames.of("weft_sync_dryrun_", syncId);
    }

    /** Which operations a mode sends. */
    static Set<Operation> operations(SyncMode mode) {
        return switch (mode) {
            case INSERT -> Set.of(Operation.ADD);
            case UPSERT, UPDATE -> Set.of(Operation.ADD, Operation.CHANGE);
            case MIRROR -> Set.of(Operation.ADD, Operation.CHANGE, Operation.REMOVE);
        };
    }

    /**
     * Diffs the source with {@code stateTable} into {@code planTable} and counts what it holds. The rows
     * whose source values changed while their mapped values did not only update their source hash in
     * the state ({@code sql/syncs/plan.sql}). The records consent or suppression withhold are left out of the
     * source first ({@link ConsentFilter}): never sent, and removed by a mirror sync that sent them before.
     */
    public PlanCounts plan(SyncDefinition sync, String stateTable, String planTable) {
        checkSource(sync);
        MappingSql mapping = new MappingSql(warehouse.dialect());
        MappingSql.Source source = mapping.source(sync, removesForgotten(sync) ? Optional.of(stateTable) : Optional.empty());
        Optional<ConsentFilter.Withholding> withheld = consent.withhold(new ConsentFilter.Request(sync.id(),
                sync.destination().type(), sync.purpose(), mapping.subjects(sync)), planTable);
        try {
            PlanCounts counts = diff(sync, mapping, source, withheld.map(w -> w.released(source.sql())).orElse(source.sql()),
                    stateTable, planTable);
            if (withheld.isEmpty()) {
                return counts;
            }
            Map<String, Long> reasons = new TreeMap<>(withheld.get().counts());
            long updates = consentLost(sync, withheld.get(), stateTable, planTable, reasons);
            forgottenState(sync, withheld.get(), stateTable, planTable, reasons);
            return new PlanCounts(counts.added(), counts.changed() + updates, counts.removed(), reasons);
        } finally {
            withheld.ifPresent(ConsentFilter.Withholding::drop);
        }
    }

    private PlanCounts diff(SyncDefinition sync, MappingSql mapping, MappingSql.Source source, String sourceSql, String stateTable,
                            String planTable) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("state", stateTable);
        vars.put("plan", planTable);
        vars.put("varchar", warehouse.dialect().typeName(ColumnType.VARCHAR));
        vars.put("source", sourceSql);
        vars.put("fields", mapping.fields(sync));
        vars.put("source_hash", mapping.sourceHash(sync));
        vars.put("hash", mapping.hash(sync));
        vars.put("payload", mapping.payload(sync));
        vars.put("ops", operations(sync.mode()).stream().map(o -> o.name().toLowerCase(Locale.ROOT)).toList());
        addSourceHash(warehouse, stateTable);
        warehouse.executeAll(SqlTemplates.statements(warehouse.dialect(), "syncs/plan.sql#tables", vars));
        List<Object> binds = new ArrayList<>(source.binds());
        binds.add(MappingSql.fingerprint(sync));
        warehouse.execute(SqlTemplates.render(warehouse.dialect(), "syncs/plan.sql#diff", vars), binds.toArray());
        warehouse.executeAll(SqlTemplates.statements(warehouse.dialect(), "syncs/plan.sql#refresh", vars));
        return counts(planTable);
    }

    /**
     * The members an upsert or update sync sent before that consent now withholds (a mirror sync's diff removes
     * them; an insert sync never updates). With {@code on_consent_lost}, each gets one update into the plan, unless
     * the update is what was last sent; their counts move from {@code <reason>} to {@code <reason>:updated}.
     * Without it they are counted as {@code <reason>:no_longer_updated}: the destination keeps what was last sent.
     * The update's fields are derived from the state alone, so a plan after a crash writes the same records under
     * the same idempotency keys, and once acknowledged the state holds it and nothing is sent again.
     *
     * @return how many updates it planned
     */
    private long consentLost(SyncDefinition sync, ConsentFilter.Withholding withheld, String stateTable, String planTable,
                             Map<String, Long> reasons) {
        if ((sync.mode() != SyncMode.UPSERT && sync.mode() != SyncMode.UPDATE)
                || ConsentFilter.CONSENT_REASONS.stream().noneMatch(reasons::containsKey)) {
            return 0;
        }
        Map<String, Object> vars = Map.of("withheld", withheld.table(), "state", stateTable);
        List<String> consentReasons = ConsentFilter.CONSENT_REASONS;
        Map<String, Long> moved = new TreeMap<>();
        String sub;
        if (sync.onConsentLost() == null) {
            sub = NO_LONGER_UPDATED;
            warehouse.query(SqlTemplates.render(warehouse.dialect(), "syncs/consent_lost.sql#counts", vars), consentReasons,
                    row -> moved.put(row.getString(0), row.getLong(1)));
        } else {
            sub = UPDATED;
            List<Object[]> updates = new ArrayList<>();
            warehouse.query(SqlTemplates.render(warehouse.dialect(), "syncs/consent_lost.sql#sent_before", vars), consentReasons, row -> {
                String payload = consentLostPayload(sync, row.getString(2));
                long hash = payloadHash(payload);
                Long lastSent = row.getLong(3);
                if (lastSent == null || lastSent != hash) {
                    updates.add(new Object[]{row.getString(0), "change", hash, payload, null});
                    moved.merge(row.getString(1), 1L, Long::sum);
                }
            });
            if (!updates.isEmpty()) {
                try (BulkWriter plan = warehouse.bulkWriter(planTable, List.of("record_key", "op", "payload_hash", "payload", "source_hash"))) {
                    updates.forEach(plan::append);
                }
            }
        }
        moved.forEach((reason, n) -> {
            reasons.merge(reason, -n, Long::sum);
            reasons.put(reason + ":" + sub, n);
        });
        reasons.values().removeIf(n -> n == 0);
        return sub.equals(UPDATED) ? moved.values().stream().mapToLong(Long::longValue).sum() : 0;
    }

    /**
     * The records an upsert, update or insert sync sent before that a deletion request now withholds keep their last
     * payload in the state (a mirror sync's diff removes them): the plan lists them as {@code forget} rows
     * ({@code sql/syncs/forget.sql#state_rows}), which the run journals as acknowledged removals
     * ({@link #forgottenStateRows}) and nothing sends. Their count moves from {@code forgotten} to
     * {@code forgotten:dropped}.
     */
    private void forgottenState(SyncDefinition sync, ConsentFilter.Withholding withheld, String stateTable, String planTable,
                                Map<String, Long> reasons) {
        if (sync.mode() == SyncMode.MIRROR || !reasons.containsKey(ConsentFilter.FORGOTTEN)) {
            return;
        }
        warehouse.execute(SqlTemplates.render(warehouse.dialect(), "syncs/forget.sql#state_rows",
                Map.of("withheld", withheld.table(), "state", stateTable, "plan", planTable)), ConsentFilter.FORGOTTEN);
        long dropped = opCounts(planTable).getOrDefault(FORGET, 0L);
        if (dropped > 0) {
            reasons.merge(ConsentFilter.FORGOTTEN, -dropped, Long::sum);
            reasons.put(ConsentFilter.FORGOTTEN + ":" + DROPPED, dropped);
            reasons.values().removeIf(n -> n == 0);
        }
    }

    /**
     * The plan's {@code forget} rows as acknowledged removals: journaled, they drop the state rows where
     * acknowledgements fold, so a crash before the journal re-plans them and one after folds them once.
     */
    List<AckJournal.Ack> forgottenStateRows(String syncId) {
        List<AckJournal.Ack> acks = new ArrayList<>();
        warehouse.query(SqlTemplates.render(warehouse.dialect(), "syncs/plan_rows.sql", Map.of("plan", planTable(syncId),
                "operations", 1)), List.of(FORGET), row -> acks.add(new AckJournal.Ack(row.getString(0), Operation.REMOVE, row.getLong(3))));
        return acks;
    }

    /**
     * The update sent when consent is lost: the fields mapped from the key, as last sent (the destination finds the
     * record by them), then {@code on_consent_lost.fields}. Built from an update itself, it is that update again.
     */
    static String consentLostPayload(SyncDefinition sync, String lastSent) {
        Map<String, Object> last = fields(lastSent);
        Map<String, Object> out = new LinkedHashMap<>();
        for (SyncDefinition.FieldMapping m : sync.mapping()) {
            if (sync.key().equals(m.from()) && last.containsKey(m.to())) {
                out.put(m.to(), last.get(m.to()));
            }
        }
        out.putAll(sync.onConsentLost().fields());
        try {
            return JSON.writeValueAsString(out);
        } catch (IOException e) {
            throw new WeftException("syncs: cannot write the update sent when consent is lost: " + e.getMessage(), e);
        }
    }

    /** A signed 64-bit hash of a payload built here rather than in the warehouse: the first 8 bytes of its SHA-256. */
    static long payloadHash(String payload) {
        return Long.parseUnsignedLong(WarehouseNames.sha256Hex(payload).substring(0, 16), 16);
    }

    /**
     * A mirror sync of an audience removes the records of profiles that lost a forgotten identifier since they were
     * sent, once identity has recorded any ({@code sql/syncs/forget.sql}); other modes send no removals.
     */
    private boolean removesForgotten(SyncDefinition sync) {
        return sync.mode() == SyncMode.MIRROR && sync.source().isAudience() && warehouse.tableExists(FORGOTTEN);
    }

    /** A state or plan table kept by a version before source hashes gains their column (left NULL). */
    static void addSourceHash(Warehouse warehouse, String table) {
        Optional<TableInfo> info = warehouse.describeTable(table);
        if (info.isPresent() && info.get().column("source_hash").isEmpty()) {
            warehouse.execute(SqlTemplates.render(warehouse.dialect(), "syncs/plan.sql#add_source_hash", Map.of("table", table)));
        }
    }

    public PlanCounts counts(String planTable) {
        Map<String, Long> byOp = opCounts(planTable);
        return new PlanCounts(byOp.getOrDefault("add", 0L), byOp.getOrDefault("change", 0L), byOp.getOrDefault("remove", 0L));
    }

    /** The plan's rows counted by operation ({@code add}, {@code change}, {@code remove}, {@code forget}). */
    private Map<String, Long> opCounts(String planTable) {
        Map<String, Long> byOp = new HashMap<>();
        warehouse.query(SqlTemplates.render(warehouse.dialect(), "syncs/plan_summary.sql#counts", Map.of("plan", planTable)), List.of(),
                row -> byOp.put(row.getString(0), row.getLong(1)));
        return byOp;
    }

    /** Up to {@code limit} planned records of each operation. */
    public Map<Operation, List<SyncRecord>> sample(String planTable, int limit) {
        Map<Operation, List<SyncRecord>> out = new EnumMap<>(Operation.class);
        for (Operation op : Operation.values()) {
            out.put(op, warehouse.queryList(SqlTemplates.render(warehouse.dialect(), "syncs/plan_summary.sql#sample",
                    Map.of("plan", planTable, "limit", limit)), List.of(op.name().toLowerCase(Locale.ROOT)), SyncPlanner::record));
        }
        return out;
    }

    public void drop(String table) {
        warehouse.execute(warehouse.dialect().dropTableIfExists(table));
    }

    /**
     * The plan's rows of the given operations as records to send, each with its idempotency key, in a
     * fixed order ({@code sql/syncs/plan_rows.sql}): after a crash, the records not acknowledged come
     * in the same order, so the batches re-sent hold the same records as before, under the same keys.
     * The handler gets each record with its payload hash (what its acknowledgement records).
     */
    public void stream(SyncState state, Set<Operation> operations, ObjLongConsumer<SyncRecord> handler) {
        List<String> ops = operations.stream().map(o -> o.name().toLowerCase(Locale.ROOT)).sorted().toList();
        String sql = SqlTemplates.render(warehouse.dialect(), "syncs/plan_rows.sql", Map.of("plan", planTable(state.syncId()),
                "operations", ops.size()));
        warehouse.query(sql, List.copyOf(ops), row -> {
            Operation op = operation(row.getString(1));
            long payloadHash = row.getLong(3);
            handler.accept(new SyncRecord(row.getString(0), op, fields(row.getString(2)),
                    state.idempotencyKey(row.getString(0), op, payloadHash)), payloadHash);
        });
    }

    /** A plan row ({@code record_key, op, payload}) as a sample of a dry run (no idempotency key: nothing is sent). */
    static SyncRecord record(Row row) {
        return new SyncRecord(row.getString(0), operation(row.getString(1)), fields(row.getString(2)));
    }

    private static Operation operation(String op) {
        return Operation.valueOf(op.toUpperCase(Locale.ROOT));
    }

    static Map<String, Object> fields(String payload) {
        if (payload == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(payload, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new WeftException("syncs: a planned payload is not JSON: " + e.getMessage(), e);
        }
    }

    /** The source table and every column the sync names must exist: say which entry is wrong. */
    private void checkSource(SyncDefinition sync) {
        String where = "sync '" + sync.id() + "'";
        if (sync.source().isAudience() && sync.source().priorityList() == null && !warehouse.tableExists("weft_audience_members")) {
            throw new WeftException(where + ": no audience has been computed yet (table weft_audience_members is missing;"
                    + " run the audiences first)");
        }
        if (sync.source().priorityList() != null && !warehouse.tableExists("weft_priority_members")) {
            throw new WeftException(where + ": no priority list has been cut yet (table weft_priority_members is missing;"
                    + " run the audiences first)");
        }
        SourceColumns.Check check = SourceColumns.check(warehouse, sync);
        if (!check.ok()) {
            List<Problem> problems = check.missing() != null ? List.of(check.missing()) : check.problems();
            throw new WeftException(where + ": " + problems.stream().map(p -> p.path() + ": " + p.problem())
                    .collect(Collectors.joining("; ")));
        }
    }
}
