package dev.weft.warehouse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link Warehouse} must have. Each engine runs this suite through a subclass
 * that supplies a fresh, empty warehouse.
 */
public abstract class WarehouseContract {

    protected Warehouse warehouse;

    protected abstract Warehouse openEmptyWarehouse() throws Exception;

    /** A query that keeps the engine busy far longer than any test waits; null where none is written yet. */
    protected String slowQuery() {
        return null;
    }

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

    private static final List<Column> PEOPLE = List.of(
            Column.of("id", ColumnType.BIGINT), Column.of("email", ColumnType.VARCHAR),
            Column.of("score", ColumnType.DOUBLE), Column.of("active", ColumnType.BOOLEAN),
            Column.of("seen_at", ColumnType.TIMESTAMP), Column.of("born", ColumnType.DATE));

    @Test
    void bulkLoadsAndStreamsRowsBackWithTypesIntact() {
        warehouse.createTable("people", PEOPLE, true);
        Instant seen = Instant.parse("2025-03-04T05:06:07.123456Z");
        try (BulkWriter w = warehouse.bulkWriter("people", List.of("id", "email", "score", "active", "seen_at", "born"))) {
            w.append(1L, "a@x.com", 1.5, true, seen, LocalDate.of(1990, 1, 2));
            w.append(2L, "", null, false, null, null);
            w.append(3L, null, 3.0, null, seen, LocalDate.of(2000, 12, 31));
            w.append(4L, "quote\"comma,newline\nend", 0.0, true, seen, null);
            assertThat(w.rowCount()).isEqualTo(4);
        }
        List<Object[]> rows = warehouse.queryList(
                "SELECT id, email, score, active, seen_at, born FROM people ORDER BY id", List.of(),
                r -> new Object[]{r.getLong(0), r.getString(1), r.getDouble(2), r.getBoolean(3), r.getInstant(4), r.getDate(5)});
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).containsExactly(1L, "a@x.com", 1.5, true, seen, LocalDate.of(1990, 1, 2));
        assertThat(rows.get(1)).containsExactly(2L, "", null, false, null, null);
        assertThat(rows.get(2)).containsExactly(3L, null, 3.0, null, seen, LocalDate.of(2000, 12, 31));
        assertThat(rows.get(3)[1]).isEqualTo("quote\"comma,newline\nend");
    }

    @Test
    void bindValuesAreNeverParsedAsSql() {
        warehouse.createTable("people", PEOPLE, true);
        String hostile = "x'); DROP TABLE people; --";
        warehouse.execute("INSERT INTO people (id, email) VALUES (?, ?)", 1L, hostile);
        assertThat(warehouse.queryList("SELECT email FROM people WHERE email = ?", List.of(hostile), r -> r.getString(0)))
                .containsExactly(hostile);
    }

    @Test
    void streamsLargeResultsRowByRow() {
        warehouse.createTable("numbers", List.of(Column.of("n", ColumnType.BIGINT)), true);
        try (BulkWriter w = warehouse.bulkWriter("numbers", List.of("n"))) {
            for (long i = 0; i < 50_000; i++) {
                w.append(i);
            }
        }
        long[] sum = {0, 0};
        warehouse.query("SELECT n FROM numbers", List.of(), r -> {
            sum[0] += r.getLong(0);
            sum[1]++;
        });
        assertThat(sum[1]).isEqualTo(50_000);
        assertThat(sum[0]).isEqualTo(49_999L * 50_000 / 2);
    }

    @Test
    void listsAndDescribesTables() {
        warehouse.createTable("people", PEOPLE, true);
        assertThat(warehouse.listTables()).contains("people");
        TableInfo info = warehouse.describeTable("people").orElseThrow();
        assertThat(info.columns()).extracting(TableInfo.ColumnInfo::name)
                .containsExactly("id", "email", "score", "active", "seen_at", "born");
        assertThat(info.columns()).extracting(TableInfo.ColumnInfo::type).containsExactly(
                ColumnType.BIGINT, ColumnType.VARCHAR, ColumnType.DOUBLE, ColumnType.BOOLEAN, ColumnType.TIMESTAMP, ColumnType.DATE);
        assertThat(warehouse.describeTable("no_such_table")).isEmpty();
    }

    @Test
    void createTableAsReplacesAnExistingTable() {
        Dialect d = warehouse.dialect();
        warehouse.executeAll(d.createTableAs("t", "SELECT 1 AS a", true));
        warehouse.executeAll(d.createTableAs("t", "SELECT 2 AS a, 3 AS b", true));
        assertThat(warehouse.queryList("SELECT a, b FROM t", List.of(), r -> r.getLong(0) + r.getLong(1))).containsExactly(5L);
    }

    @Test
    void mergeUpdatesMatchedAndInsertsNewRows() {
        Dialect d = warehouse.dialect();
        warehouse.createTable("state", List.of(Column.of("k", ColumnType.VARCHAR), Column.of("h", ColumnType.BIGINT)), true);
        warehouse.execute("INSERT INTO state (k, h) VALUES ('a', 1), ('b', 2)");
        warehouse.execute(d.merge("state", "SELECT 'b' AS k, CAST(20 AS BIGINT) AS h UNION ALL SELECT 'c', CAST(30 AS BIGINT)",
                List.of("k"), List.of("h"), List.of("k", "h")));
        List<String> rows = warehouse.queryList("SELECT k, h FROM state ORDER BY k", List.of(), r -> r.getString(0) + "=" + r.getLong(1));
        assertThat(rows).containsExactly("a=1", "b=20", "c=30");
    }

    @Test
    void hash64IsDeterministicAndSpreadsValues() {
        Dialect d = warehouse.dialect();
        List<Long> hashes = new ArrayList<>();
        for (String v : List.of("a", "b", "a")) {
            hashes.add(warehouse.queryLong("SELECT " + d.hash64("CAST(? AS " + d.typeName(ColumnType.VARCHAR) + ")"), v).orElseThrow());
        }
        assertThat(hashes.get(0)).isEqualTo(hashes.get(2)).isNotEqualTo(hashes.get(1));
    }

    @Test
    void addDaysMovesTimestamps() {
        Dialect d = warehouse.dialect();
        String sql = "SELECT " + d.addDays("CAST('2025-01-31 10:00:00' AS " + d.typeName(ColumnType.TIMESTAMP) + ")", "?");
        assertThat(warehouse.queryList(sql, List.of(-31), r -> r.getInstant(0)))
                .containsExactly(Instant.parse("2024-12-31T10:00:00Z"));
    }

    @Test
    void failedStatementsNameTheWarehouseAndTheStatement() {
        assertThatThrownBy(() -> warehouse.execute("SELECT * FROM no_such_table"))
                .hasMessageContaining("warehouse '" + warehouse.name() + "'")
                .hasMessageContaining("no_such_table");
    }

    @Test
    void executeAllRollsBackOnFailureWhereDdlIsTransactional() {
        warehouse.createTable("numbers", List.of(Column.of("n", ColumnType.BIGINT)), true);
        assertThatThrownBy(() -> warehouse.executeAll(List.of("INSERT INTO numbers VALUES (1)", "INSERT INTO nope VALUES (2)")))
                .hasMessageContaining("nope");
        assertThat(warehouse.queryLong("SELECT count(*) FROM numbers")).contains(0L);
    }

    @Test
    void viewsAreListedDescribedAndReplaced() {
        Dialect d = warehouse.dialect();
        warehouse.createTable("people", PEOPLE, true);
        warehouse.executeAll(d.createOrReplaceView("people_v", "SELECT id, email FROM people"));
        assertThat(warehouse.listTables()).contains("people", "people_v");
        TableInfo view = warehouse.describeTable("people_v").orElseThrow();
        assertThat(view.columns()).extracting(TableInfo.ColumnInfo::name).containsExactly("id", "email");
        assertThat(view.columns()).extracting(TableInfo.ColumnInfo::type).containsExactly(ColumnType.BIGINT, ColumnType.VARCHAR);

        warehouse.executeAll(d.createOrReplaceView("people_v", "SELECT email, score FROM people"));
        assertThat(warehouse.describeTable("people_v").orElseThrow().columns()).extracting(TableInfo.ColumnInfo::name)
                .containsExactly("email", "score");
        warehouse.execute("INSERT INTO people (id, email, score) VALUES (?, ?, ?)", 1L, "a@x.com", 2.5);
        assertThat(warehouse.queryList("SELECT email, score FROM people_v", List.of(), r -> r.getString(0) + "=" + r.getDouble(1)))
                .containsExactly("a@x.com=2.5");
    }

    @Test
    void tempTablesFeedLaterStatementsOfTheSameUnitOfWork() {
        Dialect d = warehouse.dialect();
        List<String> statements = new ArrayList<>(d.createTempTableAs("weft_tmp_n", "SELECT 1 AS n UNION ALL SELECT 2 AS n"));
        statements.addAll(d.createTempTableAs("weft_tmp_n", "SELECT 10 AS n UNION ALL SELECT 20 AS n UNION ALL SELECT 30 AS n"));
        statements.addAll(d.createTableAs("kept", "SELECT n FROM weft_tmp_n", true));
        warehouse.executeAll(statements);
        assertThat(warehouse.queryList("SELECT n FROM kept ORDER BY n", List.of(), r -> r.getLong(0))).containsExactly(10L, 20L, 30L);
    }

    @Test
    void renameTableKeepsItsRows() {
        warehouse.createTable("numbers_next", List.of(Column.of("n", ColumnType.BIGINT)), true);
        warehouse.execute("INSERT INTO numbers_next (n) VALUES (?)", 7L);
        warehouse.execute(warehouse.dialect().renameTable("numbers_next", "numbers"));
        assertThat(warehouse.listTables()).contains("numbers").doesNotContain("numbers_next");
        assertThat(warehouse.queryLong("SELECT n FROM numbers")).contains(7L);
    }

    @Test
    void bulkWriterRejectsARowOfTheWrongWidthAndKeepsTheOthers() {
        warehouse.createTable("pairs", List.of(Column.of("k", ColumnType.VARCHAR), Column.of("v", ColumnType.BIGINT)), true);
        try (BulkWriter w = warehouse.bulkWriter("pairs", List.of("k", "v"))) {
            w.append("a", 1L);
            assertThatThrownBy(() -> w.append("b")).hasMessageContaining("pairs").hasMessageContaining("1 values");
            assertThatThrownBy(() -> w.append("c", 3L, 4L)).hasMessageContaining("3 values");
            w.append("d", 4L);
            assertThat(w.rowCount()).isEqualTo(2);
        }
        assertThat(warehouse.queryList("SELECT k FROM pairs ORDER BY k", List.of(), r -> r.getString(0))).containsExactly("a", "d");
    }

    @Test
    void bulkWriterRejectsUnsupportedValuesWithoutWritingHalfARow() {
        warehouse.createTable("pairs", List.of(Column.of("k", ColumnType.VARCHAR), Column.of("v", ColumnType.BIGINT)), true);
        try (BulkWriter w = warehouse.bulkWriter("pairs", List.of("k", "v"))) {
            assertThatThrownBy(() -> w.append("a", new Object())).hasMessageContaining("unsupported value type");
            w.append("b", 2L);
        }
        assertThat(warehouse.queryList("SELECT k, v FROM pairs", List.of(), r -> r.getString(0) + r.getLong(1))).containsExactly("b2");
    }

    @Test
    void emptyResultsAndEmptyLoads() {
        warehouse.createTable("numbers", List.of(Column.of("n", ColumnType.BIGINT)), true);
        warehouse.executeAll(List.of());
        try (BulkWriter w = warehouse.bulkWriter("numbers", List.of("n"))) {
            assertThat(w.rowCount()).isZero();
        }
        List<Object> seen = new ArrayList<>();
        warehouse.query("SELECT n FROM numbers WHERE n > ?", List.of(0L), r -> seen.add(r.getObject(0)));
        assertThat(seen).isEmpty();
        assertThat(warehouse.queryList("SELECT n FROM numbers", List.of(), r -> r.getLong(0))).isEmpty();
        assertThat(warehouse.queryLong("SELECT n FROM numbers")).isEmpty();
        assertThat(warehouse.queryLong("SELECT max(n) FROM numbers")).isEmpty();
        assertThat(warehouse.queryLong("SELECT count(*) FROM numbers")).contains(0L);
        assertThat(warehouse.describeTable("numbers").orElseThrow().columns()).extracting(TableInfo.ColumnInfo::name)
                .containsExactly("n");
    }

    @Test
    void nullBindsAreSqlNull() {
        warehouse.createTable("people", PEOPLE, true);
        warehouse.execute("INSERT INTO people (id, email, score) VALUES (?, ?, ?)", 1L, null, null);
        assertThat(warehouse.queryLong("SELECT count(*) FROM people WHERE email IS NULL AND score IS NULL")).contains(1L);
    }

    @Test
    void aQueryOverItsTimeLimitIsStoppedAndItsConnectionFreed() {
        org.junit.jupiter.api.Assumptions.assumeTrue(slowQuery() != null, "no slow query for this engine");
        Warehouse limited = warehouse.withQueryTimeout(java.time.Duration.ofSeconds(1));
        // More runs than a pool has connections: each stopped statement gives its connection back.
        for (int i = 0; i < 7; i++) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> limited.query(slowQuery(), List.of(), r -> { }))
                    .isInstanceOfSatisfying(WarehouseTimeoutException.class, e -> assertThat(e.limit()).hasSeconds(1))
                    .hasMessageContaining("1 s limit");
            assertThat((System.nanoTime() - start) / 1_000_000).as("stopped soon after the limit").isLessThan(8_000);
        }
        assertThat(limited.queryLong("SELECT 1 + 1")).contains(2L);
        assertThat(warehouse.queryLong("SELECT 2 + 2")).contains(4L);
    }

    @Test
    void aFailedStatementUnderATimeLimitIsNoTimeout() {
        assertThatThrownBy(() -> warehouse.withQueryTimeout(java.time.Duration.ofSeconds(30)).execute("SELECT * FROM no_such_table"))
                .isInstanceOf(WarehouseException.class).isNotInstanceOf(WarehouseTimeoutException.class)
                .hasMessageContaining("no_such_table");
    }
}
