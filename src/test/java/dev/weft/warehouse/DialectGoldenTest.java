package dev.weft.warehouse;

import dev.weft.testing.Golden;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * The statements every dialect method renders, compared with reviewed golden files per engine. DuckDB
 * and Postgres run theirs in the contract suite; Snowflake and BigQuery cannot run here, so their
 * text is pinned instead ({@code golden/warehouse/<engine>/<case>.sql}).
 */
public abstract class DialectGoldenTest {

    protected abstract Dialect dialect();

    protected void assertGolden(String testCase, List<String> statements) {
        Golden.assertMatches("warehouse/" + dialect().name() + "/" + testCase + ".sql", statements);
    }

    protected void assertGolden(String testCase, String statement) {
        assertGolden(testCase, List.of(statement));
    }

    private static final List<Column> PEOPLE = List.of(
            Column.of("id", ColumnType.BIGINT), Column.of("n", ColumnType.INTEGER), Column.of("email", ColumnType.VARCHAR),
            Column.of("score", ColumnType.DOUBLE), Column.of("active", ColumnType.BOOLEAN),
            Column.of("seen_at", ColumnType.TIMESTAMP), Column.of("born", ColumnType.DATE),
            Column.of("properties", ColumnType.JSON), Column.of("select", ColumnType.VARCHAR),
            Column.of("Mixed Case", ColumnType.VARCHAR));

    @Test
    void createTable() {
        assertGolden("create_table", dialect().createTable("people", PEOPLE, false));
    }

    @Test
    void createOrReplaceTable() {
        assertGolden("create_or_replace_table", dialect().createTable("people", PEOPLE, true));
    }

    @Test
    void createTableAs() {
        assertGolden("create_table_as", dialect().createTableAs("active_people", "SELECT id, email FROM people WHERE active", false));
    }

    @Test
    void createOrReplaceTableAs() {
        assertGolden("create_or_replace_table_as", dialect().createTableAs("active_people", "SELECT id FROM people", true));
    }

    @Test
    void createTempTableAs() {
        assertGolden("create_temp_table_as", dialect().createTempTableAs("weft_tmp_edges", "SELECT id FROM people"));
    }

    @Test
    void createOrReplaceView() {
        assertGolden("create_or_replace_view", dialect().createOrReplaceView("people_v", "SELECT id, email FROM people"));
    }

    @Test
    void dropTableAndView() {
        assertGolden("drop", List.of(dialect().dropTableIfExists("people"), dialect().dropViewIfExists("people_v")));
    }

    @Test
    void renameTable() {
        assertGolden("rename_table", dialect().renameTable("weft_id_graph_next", "weft_id_graph"));
    }

    @Test
    void merge() {
        assertGolden("merge", dialect().merge("weft_sync_state_crm", "SELECT record_key, payload_hash FROM weft_sync_plan",
                List.of("record_key"), List.of("payload_hash"), List.of("record_key", "payload_hash")));
    }

    @Test
    void mergeOnTwoKeysWithoutUpdates() {
        assertGolden("merge_insert_only", dialect().merge("weft_id_graph", "SELECT id_type, id_value FROM edges",
                List.of("id_type", "id_value"), List.of(), List.of("id_type", "id_value")));
    }

    @Test
    void expressions() {
        Dialect d = dialect();
        assertGolden("expressions", List.of(
                "SELECT " + d.hash64(d.castToText("?")) + " AS h",
                "SELECT " + d.addDays("occurred_at", "?") + " AS t",
                "SELECT " + d.addDays(d.currentTimestamp(), "-30") + " AS t"));
    }

    @Test
    void identifiers() {
        Dialect d = dialect();
        assertGolden("identifiers", List.of(String.join(", ", d.ident("profile_id"), d.ident("select"), d.ident("user"),
                d.ident("Mixed"), d.ident("with space"), d.ident("1st"), d.quote("has\"quote"), d.quote("has`tick"))));
    }

    @Test
    void typeNames() {
        Dialect d = dialect();
        assertGolden("type_names", List.of(java.util.Arrays.stream(ColumnType.values())
                .map(t -> t.name() + " " + d.typeName(t)).collect(java.util.stream.Collectors.joining(", "))));
    }
}
