package dev.weft.demo;

import dev.weft.testing.QuietProgress;
import dev.weft.warehouse.Warehouse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What seeding must do on every warehouse; one subclass per engine supplies an empty warehouse. */
abstract class DemoSeederContract {

    private static final long PROFILES = 2_000;

    protected Warehouse warehouse;

    protected abstract Warehouse openEmptyWarehouse() throws Exception;

    @BeforeEach
    void open() throws Exception {
        warehouse = openEmptyWarehouse();
    }

    @AfterEach
    void close() {
        if (warehouse != null) {
            warehouse.close();
        }
    }

    private SeedReport seed(long seed, boolean truth) {
        QuietProgress progress = new QuietProgress();
        SeedReport report = DemoSeeder.seed(warehouse, PROFILES, seed, truth, progress);
        assertThat(progress.current()).isEqualTo(PROFILES);
        return report;
    }


    @Test
    void loadsTheRawTablesWithTheContractsColumnsAndTheReportedRowCounts() {
        SeedReport report = seed(11, true);
        assertThat(warehouse.listTables()).contains("raw_events", "raw_orders", "raw_contacts", "raw_identity_truth");
        assertThat(columns("raw_events")).isEqualTo(Map.of("event_id", "VARCHAR", "anonymous_id", "VARCHAR",
                "user_id", "VARCHAR", "device_id", "VARCHAR", "event_name", "VARCHAR", "properties", "JSON",
                "occurred_at", "TIMESTAMP"));
        assertThat(columns("raw_orders")).isEqualTo(Map.of("order_id", "VARCHAR", "user_id", "VARCHAR", "email",
                "VARCHAR", "amount", "DOUBLE", "currency", "VARCHAR", "status", "VARCHAR", "ordered_at", "TIMESTAMP"));
        assertThat(columns("raw_contacts")).containsEntry("phone", "VARCHAR").containsEntry("updated_at", "TIMESTAMP")
                .hasSize(10);
        for (Map.Entry<String, Long> e : report.rows().entrySet()) {
            assertThat(count("SELECT count(*) FROM " + e.getKey())).as(e.getKey()).isEqualTo(e.getValue()).isPositive();
        }
        assertThat(report.profiles()).isEqualTo(PROFILES);
        assertThat(count("SELECT count(DISTINCT person_id) FROM raw_identity_truth")).isEqualTo(PROFILES);
    }

    @Test
    void rowsReferenceEachOtherInTheWarehouse() {
        seed(11, true);
        // Every event's cookie is a person's cookie.
        assertThat(count("SELECT count(*) FROM raw_events e WHERE NOT EXISTS (SELECT 1 FROM raw_identity_truth t"
                + " WHERE t.id_type = 'anonymous_id' AND t.id_value = e.anonymous_id)")).isZero();
        // Orders and order_completed events match one to one, with the same amount and time.
        long completed = count("SELECT count(*) FROM raw_events WHERE event_name = 'order_completed'");
        assertThat(completed).isPositive().isEqualTo(count("SELECT count(*) FROM raw_orders"));
        assertThat(count("SELECT count(*) FROM raw_orders o JOIN raw_events e ON (e.properties->>'order_id') = o.order_id"
                + " WHERE e.event_name = 'order_completed' AND e.occurred_at = o.ordered_at"
                + " AND CAST((e.properties->>'revenue') AS DOUBLE PRECISION) = o.amount")).isEqualTo(completed);
        // JSON properties are queryable as JSON in the warehouse.
        assertThat(count("SELECT count(*) FROM raw_events WHERE event_name = 'product_viewed'"
                + " AND (properties->>'product_id') LIKE 'p%'")).isEqualTo(
                count("SELECT count(*) FROM raw_events WHERE event_name = 'product_viewed'"));
        assertThat(count("SELECT count(*) FROM raw_contacts WHERE email = 'test@test.com'")).isPositive();
    }

    @Test
    void sameSeedGivesIdenticalTablesOtherSeedDiffers() {
        seed(5, false);
        Map<String, String> first = checksums();
        assertThat(warehouse.listTables()).doesNotContain("raw_identity_truth");
        seed(5, false);
        assertThat(checksums()).isEqualTo(first);
        seed(6, false);
        Map<String, String> other = checksums();
        assertThat(other.keySet()).isEqualTo(first.keySet());
        first.forEach((table, sum) -> assertThat(other.get(table)).as(table).isNotEqualTo(sum));
    }

    @Test
    void reseedingReplacesEarlierDataAndDropsAStaleTruthTable() {
        seed(5, true);
        SeedReport again = seed(5, false);
        assertThat(count("SELECT count(*) FROM raw_events")).isEqualTo(again.rows().get(RawTables.EVENTS));
        assertThat(warehouse.listTables()).doesNotContain("raw_identity_truth");
    }

    /** Per table: row count and an order-independent sum of row hashes, as text. */
    private Map<String, String> checksums() {
        return Map.of(
                "raw_events", checksum("raw_events", RawTables.EVENT_COLUMNS),
                "raw_orders", checksum("raw_orders", RawTables.ORDER_COLUMNS),
                "raw_contacts", checksum("raw_contacts", RawTables.CONTACT_COLUMNS));
    }

    private String checksum(String table, List<dev.weft.warehouse.Column> columns) {
        var d = warehouse.dialect();
        String row = columns.stream().map(c -> "COALESCE(" + d.castToText(d.ident(c.name())) + ", '~')")
                .collect(Collectors.joining(" || '|' || "));
        return warehouse.queryList("SELECT count(*), sum(" + d.hash64(row) + ") FROM " + table, List.of(),
                r -> r.getLong(0) + ":" + r.getObject(1)).get(0);
    }

    private Map<String, String> columns(String table) {
        return warehouse.describeTable(table).orElseThrow().columns().stream()
                .collect(Collectors.toMap(c -> c.name(), c -> c.type().name()));
    }

    private long count(String sql) {
        return warehouse.queryLong(sql).orElseThrow();
    }
}
