package dev.weft.identity;

import dev.weft.testing.TestDuckDb;
import dev.weft.testing.TestPostgres;
import dev.weft.warehouse.BulkWriter;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.postgres.PostgresWarehouse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same scripted history on DuckDB and Postgres, each warehouse loaded with the rows in its own order (as two
 * installs return them): node keys, profile IDs, weft_profiles and the change log must be equal row by row.
 */
class IdentityDeterminismTest {

    private static final String CONFIG = """
            identifier_types:
              anonymous_id:
              device_id:
              user_id:
                limit: 1
            priority: [user_id, device_id, anonymous_id]
            sources:
              - name: events
                table: raw_events
                row_key: event_id
                timestamp: occurred_at
                identifiers: {anonymous_id: anonymous_id, user_id: user_id, device_id: device_id}
            """;

    @TempDir
    Path dir;
    private String schema;
    private final List<Warehouse> warehouses = new ArrayList<>();
    private final IdentityConfig config = IdentityConfigLoader.parse(Map.of("identity.yml", CONFIG));
    private final List<Object[]> pending = new ArrayList<>();
    private final Random noise = new Random(26);
    private Instant clock = Instant.parse("2026-03-01T00:00:00Z");
    private long nextEvent;

    @BeforeEach
    void open() {
        schema = TestPostgres.freshSchema("iddet");
        warehouses.add(TestDuckDb.open(dir));
        warehouses.add(new PostgresWarehouse(TestPostgres.warehouseConfig("pgiddet", schema)));
        for (Warehouse wh : warehouses) {
            wh.createTable("raw_events", List.of(new Column("event_id", ColumnType.VARCHAR), new Column("anonymous_id", ColumnType.VARCHAR),
                    new Column("user_id", ColumnType.VARCHAR), new Column("device_id", ColumnType.VARCHAR),
                    new Column("occurred_at", ColumnType.TIMESTAMP)), true);
        }
    }

    @AfterEach
    void close() {
        warehouses.forEach(Warehouse::close);
        TestPostgres.dropSchema(schema);
    }

    @Test
    void aScriptedHistoryGivesTheSameKeysProfileIdsAndChangesOnDuckDbAndPostgres() {
        // Run 1, full. ua signed in on tablet T1 with cookie a1; cookies b1, b2, b3 used the tablet signed out:
        // one profile of six. um with cookie m1; cookie c1 on device D2.
        event("a1", "ua", "T1");
        event("b1", null, "T1");
        event("b2", null, "T1");
        event("b3", null, "T1");
        event("m1", "um", null);
        event("c1", null, "D2");
        noise(40);
        List<String> run1 = runBoth(false);
        String pa = profileOf(0, "user_id:ua");
        assertThat(profileOf(0, "anonymous_id:b3")).isEqualTo(pa);

        // Run 2, incremental: c1 signs in as um, so {c1, D2} merges into um's profile, which keeps its ID (a
        // user_id outranks a cookie). uy and uz, new, both on tablet T9 at the same instant: the tie goes to the
        // link whose keys are smaller, uy's (same run and type: code-point order of the values).
        String pm = profileOf(0, "user_id:um");
        String pc = profileOf(0, "anonymous_id:c1");
        event("c1", "um", null);
        Instant same = tick();
        pending.add(new Object[]{"e" + (nextEvent++), "t1", "uz", "T9", same});
        pending.add(new Object[]{"e" + (nextEvent++), "t2", "uy", "T9", same});
        noise(40);
        List<String> run2 = runBoth(false);
        assertThat(profileOf(0, "anonymous_id:c1")).isEqualTo(pm);
        assertThat(profileOf(0, "device_id:T9")).isEqualTo(profileOf(0, "user_id:uy")).isNotEqualTo(profileOf(0, "user_id:uz"));
        assertThat(run2).contains("run-2 MERGE " + String.join(",", List.of(pc, pm).stream().sorted().toList()) + " -> " + pm
                + " | 2 profiles now linked by shared identifiers");

        // Run 3, incremental: ub signs in on T1 with b1, b2, b3, while ua is seen on T1 at the same instant. Under
        // the limit of one user_id, ua's profile splits 3/3: {ua, a1, T1} and {ub, b1, b2, b3}; the ID stays
        // with ua, its strongest identifier, and the change log holds one SPLIT.
        Instant tie = tick();
        pending.add(new Object[]{"e" + (nextEvent++), "a1", "ua", "T1", tie});
        pending.add(new Object[]{"e" + (nextEvent++), "b1", "ub", "T1", tie});
        event("b2", "ub", null);
        event("b3", "ub", null);
        List<String> run3 = runBoth(false);
        assertThat(profileOf(0, "user_id:ua")).isEqualTo(pa).isEqualTo(profileOf(0, "device_id:T1"));
        String pb = profileOf(0, "user_id:ub");
        assertThat(profileOf(0, "anonymous_id:b1")).isEqualTo(pb).isNotEqualTo(pa);
        assertThat(run3).filteredOn(line -> line.startsWith("run-3 ")).containsExactly(
                "run-3 SPLIT " + pa + " -> " + pb + " | 3 identifiers no longer linked to " + pa);

        // Run 4, full: nothing changes, on either engine.
        List<String> run4 = runBoth(true);
        assertThat(run4).noneMatch(line -> line.startsWith("run-4 "));
        assertThat(run1).isNotEmpty();
    }

    private Instant tick() {
        clock = clock.plusSeconds(60);
        return clock;
    }

    private void event(String anon, String user, String device) {
        pending.add(new Object[]{"e" + (nextEvent++), anon, user, device, tick()});
    }

    /** Random strangers' events, the same on both engines. */
    private void noise(int rows) {
        for (int i = 0; i < rows; i++) {
            event("n" + noise.nextInt(60), noise.nextInt(3) == 0 ? "v" + noise.nextInt(25) : null,
                    noise.nextInt(4) == 0 ? "d" + noise.nextInt(20) : null);
        }
    }

    /**
     * Loads the pending rows into each warehouse in its own shuffled order, runs identity on each, and checks that
     * both hold the same graph, profiles and change log; returns the change log.
     */
    private List<String> runBoth(boolean full) {
        List<List<String>> states = new ArrayList<>();
        for (int w = 0; w < warehouses.size(); w++) {
            Warehouse wh = warehouses.get(w);
            List<Object[]> rows = new ArrayList<>(pending);
            Collections.shuffle(rows, new Random(w * 7919L + nextEvent));
            try (BulkWriter writer = wh.bulkWriter("raw_events", List.of("event_id", "anonymous_id", "user_id", "device_id", "occurred_at"))) {
                rows.forEach(writer::append);
            }
            new IdentityPipeline(wh, config, IdentityTables.LIVE, 1000L + w).run(full, line -> { });
            states.add(state(wh));
        }
        pending.clear();
        assertThat(states.get(1)).as("Postgres against DuckDB").containsExactlyElementsOf(states.get(0));
        return states.get(0).stream().filter(line -> line.startsWith("run-")).toList();
    }

    private static List<String> state(Warehouse wh) {
        List<String> out = new ArrayList<>();
        out.addAll(wh.queryList("SELECT id_type || ':' || id_value || ' #' || CAST(node_id AS VARCHAR) || ' ' || profile_id FROM weft_id_graph",
                List.of(), row -> row.getString(0)).stream().sorted().toList());
        out.addAll(wh.queryList("SELECT profile_id, identifier_count, user_id_count, primary_user_id, primary_device_id,"
                + " primary_anonymous_id FROM weft_profiles", List.of(), row -> "profile " + row.getString(0) + " " + row.getLong(1)
                + " " + row.getLong(2) + " " + row.getString(3) + " " + row.getString(4) + " " + row.getString(5)).stream().sorted().toList());
        out.addAll(wh.queryList("SELECT run_id || ' ' || change || ' ' || COALESCE(old_profile_ids, '-') || ' -> ' || new_profile_id"
                + " || ' | ' || reason FROM weft_profile_changes", List.of(), row -> row.getString(0)).stream().sorted().toList());
        return out;
    }

    private String profileOf(int warehouse, String identifier) {
        Map<String, String> g = new HashMap<>();
        warehouses.get(warehouse).query("SELECT id_type || ':' || id_value, profile_id FROM weft_id_graph", List.of(),
                row -> g.put(row.getString(0), row.getString(1)));
        return g.get(identifier);
    }
}
