package dev.weft.syncs;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.destinations.Operation;
import dev.weft.destinations.webhook.FakeWebhookReceiver;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseNames;
import okhttp3.mockwebserver.MockWebServer;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whose state a state table holds, on a real warehouse: each sync its own (however long its id), for
 * its current destination only, gone with the sync, adopted from older versions where that is safe;
 * and the idempotency keys a receiver sees. One subclass per engine.
 */
abstract class SyncStateContract {

    /** Two ids alike in their first 50 characters: older versions gave both one state table on Postgres. */
    static final String FIRST = "a".repeat(50) + "_first";
    static final String SECOND = "a".repeat(50) + "_second";

    protected SyncHarness h;
    protected Warehouse wh;
    private final List<MockWebServer> servers = new ArrayList<>();
    private FakeWebhookReceiver a;
    private FakeWebhookReceiver b;

    protected abstract SyncHarness harness() throws Exception;

    /** Whether the engine cuts long identifiers (Postgres, at 63 bytes). */
    protected abstract boolean cutsLongNames();

    @BeforeEach
    void setUp() throws Exception {
        h = harness();
        wh = h.warehouse();
        wh.createTable("people", List.of(Column.of("id", ColumnType.VARCHAR), Column.of("email", ColumnType.VARCHAR)), true);
        for (int i = 1; i <= 5; i++) {
            wh.execute("INSERT INTO people VALUES (?, ?)", "p" + i, "user" + i + "@example.com");
        }
        a = receiver("hook_a");
        b = receiver("hook_b");
    }

    private FakeWebhookReceiver receiver(String connection) throws Exception {
        FakeWebhookReceiver receiver = new FakeWebhookReceiver("secret");
        MockWebServer server = new MockWebServer();
        server.setDispatcher(receiver);
        server.start();
        servers.add(server);
        h.connections.create(connection, "webhook", Map.of("url", server.url("/in").toString(), "max-batch-size", "2",
                "requests-per-second", "1000"), Map.of("signing-secret", "secret"));
        return receiver;
    }

    @AfterEach
    void tearDown() throws Exception {
        for (MockWebServer s : servers) {
            s.shutdown();
        }
        h.close();
    }

    /** Stores a sync as the API does (POST or PUT): {@code email} mapped, plus the {@code extra} constants. */
    private void save(String id, String connection, String mode, Map<String, String> options, Map<String, String> extra) {
        List<Map<String, Object>> mapping = new ArrayList<>();
        mapping.add(Map.of("from", "email", "to", "email"));
        extra.forEach((to, value) -> mapping.add(Map.of("constant", value, "to", to)));
        Map<String, Object> def = new LinkedHashMap<>();
        def.put("id", id);
        def.put("source", Map.of("model", "people"));
        def.put("destination", Map.of("type", "webhook", "connection", connection, "options", options));
        def.put("mode", mode);
        def.put("key", "id");
        def.put("mapping", mapping);
        h.definitions.save(SyncDefinitionParser.parse(new ObjectMapper().valueToTree(def), null, "api", "test"));
    }

    private void save(String id, String connection, String mode) {
        save(id, connection, mode, Map.of(), Map.of());
    }

    private SyncExecutor.RunResult run(String id) {
        return h.executor().run(id, "manual");
    }

    @Test
    void syncsWhoseIdsShareALongPrefixKeepTheirOwnState() {
        save(FIRST, "hook_a", "upsert");
        save(SECOND, "hook_b", "upsert");
        assertThat(run(FIRST).succeeded()).isEqualTo(5);

        SyncExecutor.RunResult second = run(SECOND);
        assertThat(second.planned()).as("the second sync's destination has received nothing yet")
                .isEqualTo(new SyncPlanner.PlanCounts(5, 0, 0));
        assertThat(b.held()).hasSize(5);
        assertThat(h.stateTable(FIRST)).isNotEqualTo(h.stateTable(SECOND)).hasSizeLessThanOrEqualTo(WarehouseNames.MAX_LENGTH);
        assertThat(SyncPlanner.planTable(FIRST)).isNotEqualTo(SyncPlanner.planTable(SECOND));
        assertThat(run(FIRST).sent()).isZero();
        assertThat(run(SECOND).sent()).isZero();
    }

    @Test
    void aSyncPointedAtAnotherConnectionOrListStartsFromEmptyAndDropsTheOldState() {
        save("crm", "hook_a", "mirror");
        assertThat(run("crm").succeeded()).isEqualTo(5);
        String before = h.stateTable("crm");

        save("crm", "hook_b", "mirror"); // PUT: another connection
        SyncExecutor.RunResult moved = run("crm");
        assertThat(moved.planned()).isEqualTo(new SyncPlanner.PlanCounts(5, 0, 0));
        assertThat(b.held()).hasSize(5);
        assertThat(wh.tableExists(before)).as("the previous target's state is dropped").isFalse();
        assertThat(a.held()).as("mirror removes nothing from the previous destination").hasSize(5);

        save("crm", "hook_b", "mirror", Map.of("list", "other"), Map.of()); // same connection, another list
        assertThat(run("crm").planned()).isEqualTo(new SyncPlanner.PlanCounts(5, 0, 0));
        assertThat(b.accepted()).hasSize(10);
    }

    @Test
    void changingTheMappingKeepsTheStateAndSendsTheChanges() {
        save("crm", "hook_a", "upsert");
        run("crm");
        String before = h.stateTable("crm");
        save("crm", "hook_a", "upsert", Map.of(), Map.of("source", "weft"));
        SyncExecutor.RunResult changed = run("crm");
        assertThat(changed.planned()).isEqualTo(new SyncPlanner.PlanCounts(0, 5, 0));
        assertThat(h.stateTable("crm")).isEqualTo(before);
        assertThat(a.held().get("p1")).containsEntry("source", "weft");
    }

    @Test
    void aDeletedSyncTakesItsStateAlongAndOneMadeAgainUnderItsIdStartsFromEmpty() {
        save("crm", "hook_a", "upsert");
        run("crm");
        SyncState state = h.states.current(h.definitions.get("crm"), wh);
        h.journal.record(state, "crashed-run", List.of(new AckJournal.Ack("p1", Operation.ADD, 42L)));
        h.store.dsl().insertInto(SyncScheduler.SCHEDULES).set(SyncScheduler.SYNC_ID, "crm").execute();

        assertThat(h.states.drop("crm", wh)).isTrue();
        h.definitions.delete("crm");
        assertThat(wh.tableExists(state.stateTable())).isFalse();
        assertThat(wh.tableExists(SyncPlanner.planTable("crm"))).isFalse();
        assertThat(h.journal.pending("crm")).isZero();
        assertThat(h.store.dsl().fetchCount(SyncScheduler.SCHEDULES, SyncScheduler.SYNC_ID.eq("crm"))).isZero();
        assertThat(h.states.recordedTable("crm")).isEmpty();

        save("crm", "hook_a", "upsert");
        SyncExecutor.RunResult again = run("crm");
        assertThat(again.planned()).isEqualTo(new SyncPlanner.PlanCounts(5, 0, 0));
        assertThat(a.deliveries("p1")).isEqualTo(2);
    }

    @Test
    void aSyncWhoseRunHoldsTheLeaseIsNotDropped() {
        save("crm", "hook_a", "upsert");
        run("crm");
        String table = h.stateTable("crm");
        h.store.dsl().insertInto(SyncScheduler.SCHEDULES).set(SyncScheduler.SYNC_ID, "crm").set(SyncScheduler.RUNNING_BY, "replica-x")
                .set(SyncScheduler.RUNNING_UNTIL, LocalDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(5)).execute();
        assertThat(h.states.drop("crm", wh)).isFalse();
        assertThat(wh.tableExists(table)).isTrue();
        assertThat(h.states.recordedTable("crm")).contains(table);
    }

    @Test
    void aStateTableFromAnOlderVersionIsAdoptedWithTheAcknowledgementsItsJournalHeld() {
        save("crm", "hook_a", "upsert");
        run("crm");
        // As an older version left it: tables named from the sync id, no record of them, and one
        // acknowledgement (p2's) still in the journal, without a state table.
        String table = h.stateTable("crm");
        long p2Hash = wh.queryLong("SELECT payload_hash FROM " + table + " WHERE record_key = 'p2'").orElseThrow();
        wh.execute("DELETE FROM " + table + " WHERE record_key = 'p2'");
        wh.execute(wh.dialect().renameTable(table, "weft_sync_state_crm"));
        wh.execute(wh.dialect().renameTable(SyncPlanner.planTable("crm"), "weft_sync_plan_crm"));
        h.store.dsl().deleteFrom(SyncStates.STATES).execute();
        h.store.dsl().insertInto(AckJournal.BATCHES).set(AckJournal.SYNC_ID, "crm").set(AckJournal.RUN_ID, "old")
                .set(AckJournal.RECORDS, 1).set(AckJournal.ACKS, "add\t" + p2Hash + "\tp2\n")
                .set(AckJournal.ACKED_AT, LocalDateTime.now()).execute();
        wh.execute("UPDATE people SET email = 'changed@example.com' WHERE id = 'p1'");

        SyncExecutor.RunResult upgraded = run("crm");
        assertThat(upgraded.planned()).as("only the change: the old state and journal were adopted")
                .isEqualTo(new SyncPlanner.PlanCounts(0, 1, 0));
        assertThat(wh.tableExists("weft_sync_state_crm")).isFalse();
        assertThat(h.stateTable("crm")).isEqualTo(table);
        assertThat(wh.queryLong("SELECT COUNT(*) FROM " + table)).contains(5L);
    }

    @Test
    void anOlderVersionsTableSharedByTwoSyncsIsAdoptedByNeither() {
        save(FIRST, "hook_a", "upsert");
        save(SECOND, "hook_b", "upsert");
        // An older version's state tables, every record acknowledged with another content (hash 0).
        for (String id : List.of(FIRST, SECOND)) {
            String legacy = "weft_sync_state_" + id;
            wh.execute("CREATE TABLE IF NOT EXISTS " + legacy + " (record_key " + wh.dialect().typeName(ColumnType.VARCHAR)
                    + ", payload_hash BIGINT, payload " + wh.dialect().typeName(ColumnType.VARCHAR) + ", synced_at TIMESTAMP)");
            wh.execute("INSERT INTO " + legacy + " SELECT id, 0, NULL, NULL FROM people");
        }
        boolean shared = wh.dialect().storedName("weft_sync_state_" + FIRST).equals(wh.dialect().storedName("weft_sync_state_" + SECOND));
        assertThat(shared).isEqualTo(cutsLongNames());

        // Shared: nobody can tell whose rows those are, so both start from empty and send everything.
        // Not shared: each adopts its own, and every record's content changed.
        SyncPlanner.PlanCounts expected = shared ? new SyncPlanner.PlanCounts(5, 0, 0) : new SyncPlanner.PlanCounts(0, 5, 0);
        assertThat(run(FIRST).planned()).isEqualTo(expected);
        assertThat(run(SECOND).planned()).isEqualTo(expected);
        assertThat(wh.tableExists(wh.dialect().storedName("weft_sync_state_" + FIRST))).isEqualTo(shared);
    }

    @Test
    void aChangeResentAfterItsAcknowledgementWasLostCarriesTheKeysOfItsFirstSend() {
        save("crm", "hook_a", "upsert");
        a.loseAnswers(true); // applied, but every answer is lost: the run cannot know
        SyncExecutor.RunResult lost = run("crm");
        assertThat(lost.succeeded()).isZero();
        assertThat(a.held()).hasSize(5);
        a.loseAnswers(false);
        SyncExecutor.RunResult resent = run("crm");
        assertThat(resent.status()).isEqualTo(SyncRuns.Status.SUCCEEDED);
        assertThat(resent.sent()).isEqualTo(5);

        Map<String, Set<String>> keysByRecord = a.accepted().stream().collect(Collectors.groupingBy(FakeWebhookReceiver.Accepted::key,
                Collectors.mapping(FakeWebhookReceiver.Accepted::idempotencyKey, Collectors.toSet())));
        assertThat(keysByRecord).hasSize(5).allSatisfy((record, keys) -> assertThat(keys).as(record).hasSize(1).doesNotContainNull());
        assertThat(keysByRecord.values().stream().flatMap(Set::stream).distinct().count()).isEqualTo(5);
        Map<String, Set<String>> batchKeysByRun = a.accepted().stream().collect(Collectors.groupingBy(FakeWebhookReceiver.Accepted::runId,
                Collectors.mapping(FakeWebhookReceiver.Accepted::batchKey, Collectors.toSet())));
        assertThat(batchKeysByRun.get(resent.runId())).as("the same batches, formed again").hasSize(3)
                .isEqualTo(batchKeysByRun.get(lost.runId()));
    }

    @Test
    void aLaterIdenticalChangeGetsANewKey() {
        save("crm", "hook_a", "mirror");
        run("crm");
        wh.execute("DELETE FROM people WHERE id = 'p1'");
        run("crm");
        wh.execute("INSERT INTO people VALUES ('p1', 'user1@example.com')"); // back, exactly as first sent
        assertThat(run("crm").planned()).isEqualTo(new SyncPlanner.PlanCounts(1, 0, 0));

        List<FakeWebhookReceiver.Accepted> p1 = a.accepted().stream().filter(x -> x.key().equals("p1")).toList();
        assertThat(p1).extracting(FakeWebhookReceiver.Accepted::operation).containsExactly("add", "remove", "add");
        assertThat(p1).extracting(FakeWebhookReceiver.Accepted::fields).containsOnly(Map.of("email", "user1@example.com"));
        assertThat(p1.get(2).idempotencyKey()).as("a receiver must apply it: it is not the first add again")
                .isNotNull().isNotEqualTo(p1.get(0).idempotencyKey());
    }
}
