package dev.weft.syncs;

import dev.weft.destinations.Operation;
import dev.weft.destinations.SyncRecord;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Warehouse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The planner and the journal merge on a real warehouse: the diff finds exactly what was added,
 * changed and removed since the last acknowledged state, with transforms applied in SQL. One
 * subclass per engine.
 */
abstract class SyncPlannerContract {

    protected SyncHarness h;
    protected Warehouse wh;

    protected abstract SyncHarness harness() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        h = harness();
        wh = h.warehouse();
        wh.createTable("people", List.of(Column.of("id", ColumnType.BIGINT), Column.of("email", ColumnType.VARCHAR),
                Column.of("phone", ColumnType.VARCHAR), Column.of("name", ColumnType.VARCHAR), Column.of("ltv", ColumnType.DOUBLE)), true);
        for (int i = 1; i <= 5; i++) {
            wh.execute("INSERT INTO people VALUES (?, ?, ?, ?, ?)", (long) i, "  User" + i + "@Example.COM ",
                    "00 44 (20) 7946-00" + i + "0", "Name " + i, i * 1.5);
        }
        h.connections.create("files", "file", Map.of("path", "out"), Map.of());
    }

    /** The sync's state, as a run resolves it. */
    private SyncState state(SyncDefinition sync) {
        return h.states.current(sync, wh);
    }

    /** Plans the sync against its state into its plan table, as a run does. */
    private SyncPlanner.PlanCounts plan(SyncDefinition sync) {
        return new SyncPlanner(wh).plan(sync, state(sync).stateTable(), SyncPlanner.planTable(sync.id()));
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private SyncDefinition sync(String mode) {
        return sync(mode, List.of());
    }

    /** The sync of {@code mode}, its name field mapped through {@code nameTransforms}. */
    private SyncDefinition sync(String mode, List<String> nameTransforms) {
        return SyncDefinitionParser.parse(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(Map.of(
                "id", "people_" + mode,
                "source", Map.of("model", "people"),
                "destination", Map.of("type", "file", "connection", "files"),
                "mode", mode,
                "key", "id",
                "mapping", List.of(
                        Map.of("from", "email", "to", "email", "transforms", List.of("trim", "lower")),
                        Map.of("from", "phone", "to", "phone", "transforms", List.of("e164")),
                        Map.of("from", "email", "to", "email_sha256", "transforms", List.of("trim", "lower", "sha256")),
                        Map.of("from", "name", "to", "name", "transforms", nameTransforms),
                        Map.of("from", "ltv", "to", "ltv"),
                        Map.of("constant", "weft", "to", "source")))), null, "api", "test");
    }

    /** Acknowledges everything planned, as a delivery would, and merges the journal. */
    private void ackAll(SyncDefinition sync) {
        List<AckJournal.Ack> acks = wh.queryList("SELECT record_key, op, payload_hash FROM " + SyncPlanner.planTable(sync.id()), List.of(),
                r -> new AckJournal.Ack(r.getString(0), Operation.valueOf(r.getString(1).toUpperCase(Locale.ROOT)), r.getLong(2)));
        h.journal.record(state(sync), "run", acks);
        h.journal.flush(sync.id(), wh);
    }

    @Test
    void firstPlanAddsEveryRowWithTransformsAppliedInTheWarehouse() throws Exception {
        wh.execute("UPDATE people SET phone = '(415) 555-0123' WHERE id = 2"); // national: no country, no E.164
        wh.execute("UPDATE people SET phone = ' +1 415-555-0123' WHERE id = 3");
        SyncDefinition sync = sync("upsert");
        SyncPlanner planner = new SyncPlanner(wh);
        SyncPlanner.PlanCounts counts = plan(sync);
        assertThat(counts).isEqualTo(new SyncPlanner.PlanCounts(5, 0, 0));

        List<SyncRecord> added = planner.sample(SyncPlanner.planTable(sync.id()), 10).get(Operation.ADD);
        assertThat(added.get(1).fields()).containsEntry("phone", null);
        assertThat(added.get(2).fields()).containsEntry("phone", "+14155550123");
        SyncRecord first = added.get(0);
        assertThat(first.key()).isEqualTo("1");
        assertThat(first.fields()).containsEntry("email", "user1@example.com")
                .containsEntry("phone", "+442079460010")
                .containsEntry("email_sha256", sha256("user1@example.com"))
                .containsEntry("name", "Name 1")
                .containsEntry("source", "weft");
        assertThat(((Number) first.fields().get("ltv")).doubleValue()).isEqualTo(1.5);
    }

    @Test
    void afterAcknowledgementOnlyChangesArePlanned() {
        SyncDefinition upsert = sync("upsert");
        SyncPlanner planner = new SyncPlanner(wh);
        plan(upsert);
        ackAll(upsert);
        assertThat(plan(upsert).total()).isZero();

        wh.execute("UPDATE people SET name = 'Renamed' WHERE id IN (2, 3)");
        wh.execute("UPDATE people SET email = '  USER4@example.com' WHERE id = 4"); // same after trim+lower: no change
        wh.execute("DELETE FROM people WHERE id = 5");
        wh.execute("INSERT INTO people VALUES (6, 'six@x.com', NULL, NULL, NULL)");

        assertThat(plan(upsert)).isEqualTo(new SyncPlanner.PlanCounts(1, 2, 0));
        var sample = planner.sample(SyncPlanner.planTable(upsert.id()), 10);
        assertThat(sample.get(Operation.CHANGE)).extracting(SyncRecord::key).containsExactly("2", "3");
        assertThat(sample.get(Operation.ADD)).extracting(SyncRecord::key).containsExactly("6");
        assertThat(sample.get(Operation.ADD).get(0).fields()).containsEntry("phone", null).containsEntry("name", null);
    }

    /** The state's source hash of each key, in key order. */
    private List<Long> sourceHashes(SyncDefinition sync) {
        return wh.queryList("SELECT source_hash FROM " + state(sync).stateTable() + " ORDER BY record_key", List.of(),
                r -> r.getLong(0));
    }

    @Test
    void rowsWhoseSourceChangedButNotTheirMappedValuesAreRememberedNotSent() {
        SyncDefinition upsert = sync("upsert");
        plan(upsert);
        ackAll(upsert);
        List<Long> before = sourceHashes(upsert);
        assertThat(before).doesNotContainNull().doesNotHaveDuplicates();

        wh.execute("UPDATE people SET email = '  USER4@example.com' WHERE id = 4"); // same after trim+lower
        assertThat(plan(upsert).total()).isZero();
        assertThat(wh.queryLong("SELECT COUNT(*) FROM " + SyncPlanner.planTable(upsert.id()))).contains(0L);
        List<Long> after = sourceHashes(upsert);
        assertThat(after.get(3)).isNotEqualTo(before.get(3));
        assertThat(after).element(0).isEqualTo(before.get(0));

        // Another mapping of the same values: every row is mapped again, none sent, every source hash renewed.
        SyncDefinition trimmed = sync("upsert", List.of("trim"));
        assertThat(plan(trimmed).total()).isZero();
        List<Long> remapped = sourceHashes(trimmed);
        for (int i = 0; i < after.size(); i++) {
            assertThat(remapped.get(i)).isNotNull().isNotEqualTo(after.get(i));
        }
        // A mapping that changes the values sends them.
        assertThat(plan(sync("upsert", List.of("upper")))).isEqualTo(new SyncPlanner.PlanCounts(0, 5, 0));
    }

    @Test
    void aStateKeptBeforeSourceHashesIsUpgradedWithoutSendingAgain() {
        SyncDefinition upsert = sync("upsert");
        plan(upsert);
        ackAll(upsert);
        wh.execute("ALTER TABLE " + state(upsert).stateTable() + " DROP COLUMN source_hash");
        wh.execute("ALTER TABLE " + SyncPlanner.planTable(upsert.id()) + " DROP COLUMN source_hash");
        wh.execute("UPDATE people SET name = 'Renamed' WHERE id = 2");

        assertThat(plan(upsert)).isEqualTo(new SyncPlanner.PlanCounts(0, 1, 0));
        assertThat(sourceHashes(upsert)).hasSize(5).containsNull().filteredOn(java.util.Objects::nonNull).hasSize(4);
        ackAll(upsert);
        assertThat(sourceHashes(upsert)).doesNotContainNull();
        assertThat(plan(upsert).total()).isZero();
    }

    @Test
    void mirrorRemovesOnlyWhatWasAcknowledgedAndInsertNeverChanges() {
        SyncDefinition mirror = sync("mirror");
        SyncDefinition insert = sync("insert");
        SyncPlanner planner = new SyncPlanner(wh);
        plan(mirror);
        // Only rows 1-3 were acknowledged by the destination.
        List<AckJournal.Ack> acks = wh.queryList("SELECT record_key, payload_hash FROM " + SyncPlanner.planTable(mirror.id())
                + " WHERE record_key IN ('1', '2', '3')", List.of(), r -> new AckJournal.Ack(r.getString(0), Operation.ADD, r.getLong(1)));
        h.journal.record(state(mirror), "run", acks);
        h.journal.flush(mirror.id(), wh);
        plan(insert);
        ackAll(insert);

        wh.execute("DELETE FROM people WHERE id IN (1, 4)");
        wh.execute("UPDATE people SET name = 'Renamed' WHERE id = 2");

        SyncPlanner.PlanCounts m = plan(mirror);
        // 1 was sent and is gone: removed, carrying what was sent; 4 was never acknowledged: nothing to remove.
        assertThat(m).isEqualTo(new SyncPlanner.PlanCounts(1, 1, 1)); // add 5, change 2, remove 1
        SyncRecord removed = planner.sample(SyncPlanner.planTable(mirror.id()), 10).get(Operation.REMOVE).get(0);
        assertThat(removed.key()).isEqualTo("1");
        assertThat(removed.fields()).containsEntry("email", "user1@example.com");

        assertThat(plan(insert)).isEqualTo(new SyncPlanner.PlanCounts(0, 0, 0));
    }

    @Test
    void removalAcknowledgementsLeaveTheStateAndRepeatedFlushesAreHarmless() {
        SyncDefinition mirror = sync("mirror");
        plan(mirror);
        ackAll(mirror);
        wh.execute("DELETE FROM people WHERE id = 3");
        plan(mirror);
        List<AckJournal.Ack> acks = wh.queryList("SELECT record_key, op, payload_hash FROM " + SyncPlanner.planTable(mirror.id()), List.of(),
                r -> new AckJournal.Ack(r.getString(0), Operation.valueOf(r.getString(1).toUpperCase(Locale.ROOT)), r.getLong(2)));
        h.journal.record(state(mirror), "run", acks);
        h.journal.record(state(mirror), "run", acks); // acknowledged twice (a retried batch): the latest wins
        assertThat(h.journal.flush(mirror.id(), wh)).isEqualTo(2);
        assertThat(h.journal.flush(mirror.id(), wh)).isZero();
        assertThat(wh.queryLong("SELECT COUNT(*) FROM " + state(mirror).stateTable())).contains(4L);
        assertThat(plan(mirror).total()).isZero();
    }

    @Test
    void audienceSourceReadsMembersOfTheSplitGroupJoinedToTraits() throws Exception {
        wh.createTable("weft_audience_members", List.of(Column.of("audience_id", ColumnType.VARCHAR), Column.of("profile_id", ColumnType.VARCHAR),
                Column.of("split_group", ColumnType.VARCHAR), Column.of("computed_at", ColumnType.TIMESTAMP)), true);
        wh.createTable("profile_traits", List.of(Column.of("profile_id", ColumnType.VARCHAR), Column.of("email", ColumnType.VARCHAR),
                Column.of("country", ColumnType.VARCHAR)), true);
        wh.execute("INSERT INTO profile_traits VALUES ('p1', 'a@x.com', 'FR'), ('p2', 'b@x.com', 'DE'), ('p3', 'c@x.com', 'US')");
        wh.execute("INSERT INTO weft_audience_members VALUES ('vip', 'p1', 'treatment', NULL), ('vip', 'p2', 'control', NULL),"
                + " ('other', 'p3', 'treatment', NULL)");
        SyncDefinition sync = SyncDefinitionParser.parse(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(Map.of(
                "id", "vip_treatment",
                "source", Map.of("audience", "vip", "split_group", "treatment"),
                "destination", Map.of("type", "file", "connection", "files"),
                "mapping", List.of(Map.of("from", "email", "to", "email"), Map.of("from", "country", "to", "country"),
                        Map.of("from", "profile_id", "to", "external_id")))), null, "api", "test");
        SyncPlanner planner = new SyncPlanner(wh);
        assertThat(plan(sync)).isEqualTo(new SyncPlanner.PlanCounts(1, 0, 0));
        SyncRecord r = planner.sample(SyncPlanner.planTable(sync.id()), 5).get(Operation.ADD).get(0);
        assertThat(r.key()).isEqualTo("p1");
        assertThat(r.fields()).containsEntry("email", "a@x.com").containsEntry("country", "FR").containsEntry("external_id", "p1");
    }

    @Test
    void throughAPriorityListOnlyTheMembersItLeavesInTheAudienceAreRead() {
        wh.createTable("weft_priority_members", List.of(Column.of("priority_list_id", ColumnType.VARCHAR),
                Column.of("audience_id", ColumnType.VARCHAR), Column.of("profile_id", ColumnType.VARCHAR),
                Column.of("split_group", ColumnType.VARCHAR)), true);
        wh.createTable("profile_traits", List.of(Column.of("profile_id", ColumnType.VARCHAR), Column.of("email", ColumnType.VARCHAR)), true);
        wh.execute("INSERT INTO profile_traits VALUES ('p1', 'a@x.com'), ('p2', 'b@x.com'), ('p3', 'c@x.com')");
        // p2 is in vip too, but the list ranks winback first; another list leaves p3 in vip.
        wh.execute("INSERT INTO weft_priority_members VALUES ('campaigns', 'vip', 'p1', NULL), ('campaigns', 'winback', 'p2', NULL),"
                + " ('other', 'vip', 'p3', NULL)");
        SyncDefinition sync = SyncDefinitionParser.parse(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(Map.of(
                "id", "vip_cut",
                "source", Map.of("audience", "vip", "priority_list", "campaigns"),
                "destination", Map.of("type", "file", "connection", "files"),
                "mapping", List.of(Map.of("from", "email", "to", "email")))), null, "api", "test");
        assertThat(plan(sync)).isEqualTo(new SyncPlanner.PlanCounts(1, 0, 0));
        assertThat(new SyncPlanner(wh).sample(SyncPlanner.planTable(sync.id()), 5).get(Operation.ADD))
                .extracting(SyncRecord::key).containsExactly("p1");
    }

    @Test
    void aMissingColumnNamesTheMappingEntry() {
        SyncDefinition sync = SyncDefinitionParser.parse(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(Map.of(
                "id", "bad", "source", Map.of("model", "people"), "destination", Map.of("type", "file", "connection", "files"),
                "key", "id", "mapping", List.of(Map.of("from", "email", "to", "email"), Map.of("from", "shoe_size", "to", "size")))),
                null, "api", "test");
        assertThatThrownBy(() -> plan(sync))
                .hasMessageContaining("/mapping/1/from: no column 'shoe_size' in people");
    }

    private static SyncDefinition parsed(Map<String, Object> definition) {
        return SyncDefinitionParser.parse(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(definition), null, "api", "test");
    }

    private SyncValidator validator() {
        return new SyncValidator(h.connections, h.types, h.warehouses, () -> {
            throw new IllegalStateException("these syncs read no priority list");
        });
    }

    @Test
    void misspelledColumnsAreRefusedAtTheDoorEachAtItsPointerWithTheNearestColumn() {
        SyncDefinition sync = parsed(Map.of("id", "typos", "source", Map.of("model", "people"),
                "destination", Map.of("type", "file", "connection", "files"), "key", "idd",
                "mapping", List.of(Map.of("from", "name", "to", "name"), Map.of("constant", "x", "to", "source"),
                        Map.of("from", "emial", "to", "email"), Map.of("from", "shoe_size", "to", "size"))));
        assertThatThrownBy(() -> validator().validate(sync)).isInstanceOfSatisfying(InvalidSyncException.class, e ->
                assertThat(e.problems()).containsExactly(
                        new dev.weft.definitions.Problem("/key", "no column 'idd' in people; did you mean `id`?"
                                + " (columns: email, id, ltv, name, phone)"),
                        new dev.weft.definitions.Problem("/mapping/2/from", "no column 'emial' in people; did you mean `email`?"
                                + " (columns: email, id, ltv, name, phone)"),
                        new dev.weft.definitions.Problem("/mapping/3/from", "no column 'shoe_size' in people"
                                + " (columns: email, id, ltv, name, phone)")));
        assertThatThrownBy(() -> plan(sync)).as("and again before a plan").hasMessageContaining("did you mean `email`?");
    }

    @Test
    void anAudienceSyncMayNameTheTraitsColumnsAndProfileIdOnly() {
        wh.createTable("traits", List.of(Column.of("profile_id", ColumnType.VARCHAR), Column.of("email", ColumnType.VARCHAR),
                Column.of("country", ColumnType.VARCHAR)), true);
        Map<String, Object> good = Map.of("id", "vip", "source", Map.of("audience", "vip", "traits", "traits"),
                "destination", Map.of("type", "file", "connection", "files"),
                "mapping", List.of(Map.of("from", "email", "to", "email"), Map.of("from", "profile_id", "to", "external_id")));
        validator().validate(parsed(good));
        SyncDefinition typo = parsed(Map.of("id", "vip", "source", Map.of("audience", "vip", "traits", "traits"),
                "destination", Map.of("type", "file", "connection", "files"),
                "mapping", List.of(Map.of("from", "contry", "to", "country"))));
        assertThatThrownBy(() -> validator().validate(typo)).isInstanceOfSatisfying(InvalidSyncException.class, e -> {
            assertThat(e.problems()).extracting(dev.weft.definitions.Problem::path).containsExactly("/mapping/0/from");
            assertThat(e.problems().get(0).problem()).startsWith("no column 'contry' in traits; did you mean `country`?");
        });
    }

    @Test
    void aSourceNotInTheWarehouseYetIsNotReadyUnlessTheDefinitionIsWrongToo() {
        SyncDefinition unbuilt = parsed(Map.of("id", "later", "source", Map.of("model", "not_run_yet"),
                "destination", Map.of("type", "file", "connection", "files"), "key", "id",
                "mapping", List.of(Map.of("from", "email", "to", "email"))));
        assertThatThrownBy(() -> validator().validate(unbuilt)).isInstanceOfSatisfying(SyncSourceNotReadyException.class, e -> {
            assertThat(e.problem().path()).isEqualTo("/source/model");
            assertThat(e.problem().problem()).contains("no table or view 'not_run_yet'");
        });
        SyncDefinition alsoWrong = parsed(Map.of("id", "later", "source", Map.of("model", "not_run_yet"),
                "destination", Map.of("type", "file", "connection", "nope"), "key", "id",
                "mapping", List.of(Map.of("from", "email", "to", "email"))));
        assertThatThrownBy(() -> validator().validate(alsoWrong)).isInstanceOfSatisfying(InvalidSyncException.class, e ->
                assertThat(e.problems()).extracting(dev.weft.definitions.Problem::path).containsExactly("/destination/connection"));
    }

    @Test
    void aGitSyncsProblemsNameItsFileAndLine() throws Exception {
        h.writeSync("from_git", """
                # people to files
                source: {model: people}
                destination: {type: file, connection: files}
                key: id
                mapping:
                  - {from: email, to: email}
                  - {from: nmae, to: name}
                """);
        SyncDefinition sync = h.definitions.get("from_git");
        InvalidSyncException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidSyncException.class, () -> validator().validate(sync));
        assertThat(h.definitions.describe(sync, e.problems())).containsExactly(h.dir.resolve("syncs/from_git.yml")
                + " line 7: /mapping/1/from: no column 'nmae' in people; did you mean `name`? (columns: email, id, ltv, name, phone)");
    }

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
