package dev.weft.models;

import dev.weft.Workspace;
import dev.weft.audit.AuditLog;
import dev.weft.store.Store;
import dev.weft.store.StoreConfig;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.Warehouse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.weft.warehouse.ColumnType.BIGINT;
import static dev.weft.warehouse.ColumnType.DOUBLE;
import static dev.weft.warehouse.ColumnType.JSON;
import static dev.weft.warehouse.ColumnType.TIMESTAMP;
import static dev.weft.warehouse.ColumnType.VARCHAR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository's own demo models ({@code models/}, {@code macros/}) over a small, messy raw data
 * set with the shared contract's schemas, run the way {@code weft demo} runs them: everything not
 * reading identity output, then (after stand-in identity tables) the models that do. Every engine
 * must give the same rows.
 */
abstract class DemoModelsContract {

    static final Path PROJECT = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));

    @TempDir
    Path dir;

    protected Warehouse warehouse;
    private Store store;
    private ModelRunner runner;

    protected abstract Warehouse openEmptyWarehouse() throws Exception;

    @BeforeEach
    void open() throws Exception {
        warehouse = openEmptyWarehouse();
        store = new Store(new StoreConfig(null, null, null, null), new Workspace(dir.toString()));
        runner = new ModelRunner(warehouse, PROJECT, dir.resolve(".weft"), new ModelRunStore(store), 2, new ModelMetrics(new SimpleMeterRegistry()),
                new AuditLog(store));
        seedRaw();
    }

    @AfterEach
    void close() {
        runner.close();
        warehouse.close();
        store.close();
    }

    @Test
    void demoModelsBuildTheSameRowsOnEveryEngine() {
        RunSummary before = runner.run(Selection.excluding("source:weft+"));
        assertThat(before.results()).allSatisfy(r -> assertThat(r.status()).as(r.name() + ": " + r.error())
                .isEqualTo(ModelResult.Status.SUCCESS));
        assertThat(before.results()).extracting(ModelResult::name)
                .containsExactlyInAnyOrder("stg_events", "stg_orders", "stg_contacts", "stg_consent", "employee_domains", "user_traits");

        seedIdentityStandIns();
        RunSummary after = runner.run(Selection.of("source:weft+"));
        assertThat(after.results()).allSatisfy(r -> assertThat(r.status()).as(r.name() + ": " + r.error())
                .isEqualTo(ModelResult.Status.SUCCESS));
        assertThat(after.results()).extracting(ModelResult::name).containsExactly("profile_events", "profile_traits");

        Map<String, Long> counts = new LinkedHashMap<>();
        for (String t : List.of("stg_events", "stg_orders", "stg_contacts", "user_traits", "profile_events", "profile_traits")) {
            counts.put(t, warehouse.queryLong("SELECT count(*) FROM " + t).orElseThrow());
        }
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("stg_events", 6L);
        expected.put("stg_orders", 4L);
        expected.put("stg_contacts", 3L);
        expected.put("user_traits", 3L);
        expected.put("profile_events", 6L);
        expected.put("profile_traits", 5L);
        assertThat(counts).containsExactlyEntriesOf(expected);

        // Junk is NULL, emails trimmed and lower-cased, the latest copy of a contact wins.
        assertThat(rows("SELECT user_id, device_id FROM stg_events WHERE event_id = 'e5'")).containsExactly("null|null");
        assertThat(rows("SELECT anonymous_id, revenue FROM stg_events WHERE event_id = 'e3'")).containsExactly("a1|118.0");
        assertThat(rows("SELECT email FROM stg_orders WHERE order_id = 'o1'")).containsExactly("ann@example.com");
        assertThat(rows("SELECT plan, phone, last_name, user_id FROM stg_contacts WHERE contact_id = 'c2'"))
                .containsExactly("free|null|null|null");
        assertThat(rows("SELECT user_id, email, country, plan, lifetime_value, order_count FROM user_traits ORDER BY user_id"))
                .containsExactly("u1|ann@example.com|US|pro|118.0|2", "u2|test@test.com|FR|starter|0.0|0", "u3|null|null|null|0.0|1");
        assertThat(rows("SELECT profile_id, email, country, plan, lifetime_value, order_count FROM profile_traits ORDER BY profile_id"))
                .containsExactly("P1|ann@example.com|US|pro|118.0|2", "P2|null|null|null|0.0|0", "P3|null|null|null|0.0|0",
                        // P4's contact email is a placeholder identity drops, so the profile holds none (docs/identity.md).
                        "P4|null|FR|starter|0.0|0", "P5|bob@example.com|DE|free|50.0|1");
        assertThat(rows("SELECT profile_id, count(*) FROM profile_events GROUP BY profile_id ORDER BY profile_id"))
                .containsExactly("P1|3", "P2|1", "P3|1", "P4|1");

        RunSummary tests = runner.test(RunOptions.of(Selection.ALL));
        assertThat(tests.results()).allSatisfy(r -> assertThat(r.status()).as(r.name() + ": " + r.error())
                .isEqualTo(ModelResult.Status.PASS));

        // stg_events is incremental: a second run merges the new event in.
        insertEvent("e7", "a1", "u1", null, "page_viewed", "{\"path\":\"/cart\"}", "2025-01-08 09:00:00");
        RunSummary again = runner.run(Selection.of("stg_events"));
        assertThat(again.results().get(0).compiledSql()).contains("select max(occurred_at) from stg_events");
        assertThat(warehouse.queryLong("SELECT count(*) FROM stg_events")).contains(7L);

        // An event loaded twice: a full build keeps its latest copy only.
        insertEvent("e8", "a1", "u1", null, "page_viewed", "{}", "2025-01-08 10:00:00");
        insertEvent("e8", "a1", "u1", null, "cart_viewed", "{}", "2025-01-08 11:00:00");
        runner.run(new RunOptions(Selection.of("stg_events"), true, Map.of(), null, null, null));
        assertThat(rows("SELECT event_name FROM stg_events WHERE event_id = 'e8'")).containsExactly("cart_viewed");
        assertThat(warehouse.queryLong("SELECT count(*) FROM stg_events")).contains(8L);
    }

    private List<String> rows(String sql) {
        return warehouse.queryList(sql, List.of(), r -> {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < r.columnCount(); i++) {
                b.append(i > 0 ? "|" : "").append(r.getObject(i) instanceof Number n && !(n instanceof Long || n instanceof Integer)
                        ? String.valueOf(n.doubleValue()) : r.getString(i));
            }
            return b.toString();
        });
    }

    private void seedRaw() {
        warehouse.createTable("raw_events", columns("event_id", VARCHAR, "anonymous_id", VARCHAR, "user_id", VARCHAR,
                "device_id", VARCHAR, "event_name", VARCHAR, "properties", JSON, "occurred_at", TIMESTAMP), true);
        insertEvent("e1", "a1", null, null, "page_viewed", "{\"path\":\"/\"}", "2025-01-01 10:00:00");
        insertEvent("e2", "a1", "u1", null, "logged_in", "{}", "2025-01-01 10:05:00");
        insertEvent("e3", "a1", "u1", null, "order_completed", "{\"revenue\":118.0,\"quantity\":2}", "2025-01-01 10:10:00");
        insertEvent("e3", "a1", "u1", null, "order_completed", "{\"revenue\":118.0,\"quantity\":2}", "2025-01-01 10:10:00");
        insertEvent("e4", "a2", "null", "d1", "app_opened", "{}", "2025-01-02 09:00:00");
        insertEvent("e5", " a3 ", "undefined", "", "Page_Viewed", "{\"path\":\"/p/1\"}", "2025-01-03 12:00:00");
        insertEvent("e6", "a4", "u2", null, "signed_up", "{}", "2025-01-04 08:00:00");

        warehouse.createTable("raw_orders", columns("order_id", VARCHAR, "user_id", VARCHAR, "email", VARCHAR,
                "amount", DOUBLE, "currency", VARCHAR, "status", VARCHAR, "ordered_at", TIMESTAMP), true);
        insert("raw_orders", 7, "o1", "u1", " Ann@Example.com ", 118.0, "usd", "completed", "2025-01-01 10:10:00");
        insert("raw_orders", 7, "o2", "u1", "ann@example.com", 20.0, "usd", "refunded", "2025-01-05 00:00:00");
        insert("raw_orders", 7, "o3", "", "bob@example.com", 50.0, "eur", "completed", "2025-01-06 00:00:00");
        insert("raw_orders", 7, "o4", "u3", "null", 10.0, "usd", "cancelled", "2025-01-07 00:00:00");

        warehouse.createTable("raw_contacts", columns("contact_id", VARCHAR, "email", VARCHAR, "phone", VARCHAR,
                "user_id", VARCHAR, "first_name", VARCHAR, "last_name", VARCHAR, "country", VARCHAR, "plan", VARCHAR,
                "created_at", TIMESTAMP, "updated_at", TIMESTAMP), true);
        insert("raw_contacts", 10, "c1", "ANN@example.com ", "+1 (555) 010-0001", "u1", "Ann", "Lee", "us", "pro",
                "2024-12-01 00:00:00", "2025-01-02 00:00:00");
        insert("raw_contacts", 10, "c1", "ann@example.com", "555 010 0001", "u1", "Ann", "Lee", "us", "free",
                "2024-12-01 00:00:00", "2024-12-15 00:00:00");
        insert("raw_contacts", 10, "c2", "bob@example.com", "undefined", "00000000-0000-0000-0000-000000000000", "Bob", "null", "de", "free",
                "2024-12-02 00:00:00", "2024-12-02 00:00:00");
        insert("raw_contacts", 10, "c3", "test@test.com", "", "u2", "undefined", "", "fr", "starter",
                "2024-12-03 00:00:00", "2024-12-03 00:00:00");
    }

    private void seedIdentityStandIns() {
        warehouse.createTable("weft_id_graph", columns("node_id", BIGINT, "id_type", VARCHAR, "id_value", VARCHAR,
                "profile_id", VARCHAR), true);
        Object[][] nodes = {{1L, "anonymous_id", "a1", "P1"}, {2L, "user_id", "u1", "P1"}, {3L, "email", "ann@example.com", "P1"},
                {4L, "anonymous_id", "a2", "P2"}, {5L, "device_id", "d1", "P2"}, {6L, "anonymous_id", "a3", "P3"},
                {7L, "anonymous_id", "a4", "P4"}, {8L, "user_id", "u2", "P4"}, {9L, "email", "bob@example.com", "P5"}};
        for (Object[] n : nodes) {
            warehouse.execute("INSERT INTO weft_id_graph VALUES (?, ?, ?, ?)", n);
        }
        warehouse.createTable("weft_profiles", columns("profile_id", VARCHAR, "first_seen", TIMESTAMP, "last_seen", TIMESTAMP,
                "identifier_count", BIGINT, "updated_at", TIMESTAMP), true);
        for (String p : List.of("P1", "P2", "P3", "P4", "P5")) {
            insert("weft_profiles", 5, p, "2024-12-01 00:00:00", "2025-01-08 00:00:00", 1L, "2025-01-08 00:00:00");
        }
    }

    @Test
    void theModelsOverIdentityRebuildOnlyTheProfilesAnIdentityRunWroteAndEqualAFullBuild() {
        runner.run(Selection.excluding("source:weft+"));
        seedIdentityStandIns();
        assertThat(runner.run(Selection.of("source:weft+")).status()).isEqualTo("success");

        // What an identity run writes (its updated_at on every profile it wrote): P2 merged into P1, P3's only
        // identifier forgotten, a4 split from P4 into a new P6, and a new order and event that re-sight P5 and P6.
        String run = "2025-01-09 00:00:00";
        warehouse.execute("UPDATE weft_id_graph SET profile_id = 'P1' WHERE profile_id = 'P2'");
        warehouse.execute("DELETE FROM weft_id_graph WHERE id_value = 'a3'");
        warehouse.execute("UPDATE weft_id_graph SET profile_id = 'P6' WHERE id_value = 'a4'");
        warehouse.execute("DELETE FROM weft_profiles WHERE profile_id IN ('P2', 'P3', 'P1', 'P4', 'P5')");
        for (String p : List.of("P1", "P4", "P5", "P6")) {
            insert("weft_profiles", 5, p, "2024-12-01 00:00:00", "2025-01-09 00:00:00", 1L, run);
        }
        insert("raw_orders", 7, "o5", "", "bob@example.com", 5.0, "eur", "completed", "2025-01-08 12:00:00");
        insertEvent("e8", "a4", null, null, "page_viewed", "{}", "2025-01-08 12:00:00");
        runner.run(Selection.excluding("source:weft+"));

        RunSummary increment = runner.run(Selection.of("source:weft+"));
        assertThat(increment.results()).allSatisfy(r -> {
            assertThat(r.status()).as(r.name() + ": " + r.error()).isEqualTo(ModelResult.Status.SUCCESS);
            assertThat(r.compiledSql()).contains("updated_at > (select max(_profile_updated_at) from");
        });
        List<String> events = rows("SELECT * FROM profile_events ORDER BY event_id");
        List<String> traits = rows("SELECT * FROM profile_traits ORDER BY profile_id");
        assertThat(rows("SELECT profile_id, count(*) FROM profile_events GROUP BY profile_id ORDER BY profile_id"))
                .containsExactly("P1|4", "P6|2");
        assertThat(rows("SELECT profile_id, lifetime_value, order_count FROM profile_traits ORDER BY profile_id"))
                .containsExactly("P1|118.0|2", "P4|0.0|0", "P5|55.0|2", "P6|0.0|0");

        runner.run(new RunOptions(Selection.of("source:weft+"), true, Map.of(), null, null, null));
        assertThat(rows("SELECT * FROM profile_events ORDER BY event_id")).isEqualTo(events);
        assertThat(rows("SELECT * FROM profile_traits ORDER BY profile_id")).isEqualTo(traits);
    }

    @Test
    void stgContactsKeepsEachContactsLatestRowThroughNewAndDeletedRowsAsAFullBuildDoes() {
        assertThat(runner.run(Selection.of("stg_contacts")).status()).isEqualTo("success");
        // c1's newest copy is deleted (its earlier copy takes its place), c2 altogether; c3 gets a newer copy, c4 is new.
        warehouse.execute("DELETE FROM raw_contacts WHERE contact_id = 'c1' AND plan = 'pro'");
        warehouse.execute("DELETE FROM raw_contacts WHERE contact_id = 'c2'");
        insert("raw_contacts", 10, "c3", "test@test.com", "", "u2", "Tess", "", "es", "pro", "2024-12-03 00:00:00", "2025-01-10 00:00:00");
        insert("raw_contacts", 10, "c4", "dee@example.com", "", "u4", "Dee", "", "us", "free", "2025-01-11 00:00:00", "2025-01-11 00:00:00");

        RunSummary increment = runner.run(Selection.of("stg_contacts"));
        assertThat(increment.status()).isEqualTo("success");
        assertThat(increment.results().get(0).compiledSql()).contains("select max(updated_at) from stg_contacts");
        List<String> incremental = rows("SELECT * FROM stg_contacts ORDER BY contact_id");
        assertThat(rows("SELECT contact_id, first_name, country, plan FROM stg_contacts ORDER BY contact_id"))
                .containsExactly("c1|Ann|US|free", "c3|Tess|ES|pro", "c4|Dee|US|free");

        runner.run(new RunOptions(Selection.of("stg_contacts"), true, Map.of(), null, null, null));
        assertThat(rows("SELECT * FROM stg_contacts ORDER BY contact_id")).isEqualTo(incremental);
    }

    private void insertEvent(String id, String anon, String user, String device, String name, String json, String at) {
        Dialect d = warehouse.dialect();
        warehouse.execute("INSERT INTO raw_events VALUES (?, ?, ?, ?, ?, CAST(? AS " + d.typeName(JSON) + "), CAST(? AS "
                + d.typeName(TIMESTAMP) + "))", id, anon, user, device, name, json, at);
    }

    /** Inserts one row; string values that look like timestamps are cast to TIMESTAMP. */
    private void insert(String table, int width, Object... values) {
        Dialect d = warehouse.dialect();
        StringBuilder sql = new StringBuilder("INSERT INTO " + table + " VALUES (");
        for (int i = 0; i < width; i++) {
            boolean ts = values[i] instanceof String s && s.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
            sql.append(i > 0 ? ", " : "").append(ts ? "CAST(? AS " + d.typeName(TIMESTAMP) + ")" : "?");
        }
        warehouse.execute(sql.append(")").toString(), values);
    }

    private static List<Column> columns(Object... spec) {
        List<Column> out = new java.util.ArrayList<>();
        for (int i = 0; i < spec.length; i += 2) {
            out.add(Column.of((String) spec[i], (ColumnType) spec[i + 1]));
        }
        return out;
    }
}
