package dev.weft.cli;

import dev.weft.Workspace;
import dev.weft.testing.TestDuckDb;
import dev.weft.testing.TestPostgres;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseConfig;
import dev.weft.warehouse.Warehouses;
import dev.weft.warehouse.duckdb.DuckDbWarehouse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code weft warehouse check} on the engines a test can run: every check passes on DuckDB and Postgres, leaves the
 * configured schema as it was and drops its scratch schema; a user without CREATE rights and a closed port fail with
 * a clear line and exit code 1.
 */
class WarehouseCheckTest {

    /** Made once per Postgres cluster: roles are not per database. */
    private static final String NO_CREATE_ROLE = "weft_check_no_create";

    @TempDir
    Path dir;

    private Warehouses warehouses;
    private String pgSchema;
    private final StringWriter out = new StringWriter();

    @AfterEach
    void close() {
        if (warehouses != null) {
            warehouses.close();
        }
        TestPostgres.dropSchema(pgSchema);
    }

    /** Runs {@code weft warehouse check} on the configured warehouse, its output in {@link #out}; returns the exit code. */
    private int check(WarehouseConfig config) {
        warehouses = new Warehouses(List.of(config), config.name(), new Workspace(dir.toString()));
        WarehouseCommand.Check command = new WarehouseCommand.Check();
        command.warehouses = () -> warehouses;
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        return cli.execute();
    }

    private List<String> lines() {
        return out.toString().lines().toList();
    }

    private static final List<String> EVERY_CHECK = List.of("connect", "create scratch schema", "connect to scratch schema",
            "bulk load", "hash and time functions", "models: view", "models: table (build and swap)", "models: incremental MERGE",
            "models: incremental append", "identity: tiny run", "models: over identity's output", "audiences: compiled query", "syncs: plan (diff)",
            "syncs: ack merge, then an empty plan", "drop scratch schema");

    private void assertEveryCheckPassed(int exit) {
        assertThat(exit).as(out.toString()).isZero();
        for (String check : EVERY_CHECK) {
            assertThat(lines()).as(out.toString()).anySatisfy(line -> assertThat(line).matches("ok +\\Q" + check + "\\E +\\d+\\.\\d\\ds.*"));
        }
        assertThat(out.toString()).doesNotContain("FAILED", "skipped").containsPattern("15 passed, 0 failed on warehouse '\\w+' \\(scratch schema weft_check_[0-9a-f]{12} dropped\\)");
    }

    private static String scratchSchema(String output) {
        return output.lines().filter(l -> l.startsWith("ok") && l.contains("create scratch schema")).findFirst().orElseThrow()
                .replaceAll(".*(weft_check_[0-9a-f]{12}).*", "$1");
    }

    @Test
    void everyCheckPassesOnDuckDbAndTheWarehouseIsLeftAsItWas() {
        WarehouseConfig config = TestDuckDb.config("local", dir);
        try (Warehouse before = DuckDbWarehouse.create(config, dir)) {
            before.createTable("customers", List.of(Column.of("id", ColumnType.BIGINT)), false);
        }
        assertEveryCheckPassed(check(config));
        Warehouse after = warehouses.get("local");
        assertThat(after.listTables()).containsExactly("customers");
        assertThat(after.queryLong("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ?", scratchSchema(out.toString())))
                .contains(0L);
    }

    @Test
    void everyCheckPassesOnPostgresAndTheScratchSchemaIsDropped() throws SQLException {
        pgSchema = TestPostgres.freshSchema("check");
        assertEveryCheckPassed(check(TestPostgres.warehouseConfig("pg", pgSchema)));
        assertThat(warehouses.get("pg").listTables()).isEmpty();
        assertThat(schemaExists(scratchSchema(out.toString()))).isFalse();
    }

    @Test
    void aPostgresUserWithoutCreateRightsFailsAtTheScratchSchemaAndExitsOne() throws SQLException {
        pgSchema = TestPostgres.freshSchema("check_ro");
        String url = TestPostgres.url();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN CREATE ROLE " + NO_CREATE_ROLE + " LOGIN PASSWORD 'weft-check';"
                    + " EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            st.execute("GRANT USAGE ON SCHEMA " + pgSchema + " TO " + NO_CREATE_ROLE);
        }
        String withoutUser = url.replaceAll("([?&])(user|password)=[^&]*", "$1").replaceAll("[?&]+$", "").replace("?&", "?");
        WarehouseConfig config = new WarehouseConfig("pg", "postgres", null, null, null, withoutUser, NO_CREATE_ROLE,
                "weft-check", pgSchema, null, null, null, null, null, null, null, null, 2);

        assertThat(check(config)).as(out.toString()).isEqualTo(1);
        assertThat(lines()).as(out.toString())
                .anySatisfy(l -> assertThat(l).matches("ok +connect .*postgres"))
                .anySatisfy(l -> assertThat(l).matches("FAILED +create scratch schema .*permission denied for database.*"))
                .anySatisfy(l -> assertThat(l).matches("skipped +checks in the scratch schema .*no scratch schema"))
                .anySatisfy(l -> assertThat(l).contains("1 passed, 1 failed, 2 skipped on warehouse 'pg' (no scratch schema made)"));
    }

    @Test
    void aClosedPortFailsTheConnectionWithAClearLineAndExitsOne() {
        WarehouseConfig config = new WarehouseConfig("pg", "postgres", null, null, null, "jdbc:postgresql://127.0.0.1:1/test",
                "postgres", null, null, null, null, null, null, null, null, null, null, 1);

        assertThat(check(config)).isEqualTo(1);
        assertThat(lines()).as(out.toString())
                .anySatisfy(l -> assertThat(l).matches("FAILED +connect .*weft\\.warehouses\\.pg: cannot connect to jdbc:postgresql://127\\.0\\.0\\.1:1/test.*"))
                .anySatisfy(l -> assertThat(l).matches("skipped +checks in the scratch schema .*no connection"))
                .anySatisfy(l -> assertThat(l).contains("0 passed, 1 failed, 2 skipped on warehouse 'pg' (no scratch schema made)"));
    }

    @Test
    void anEngineThatIgnoresTheScratchSchemaStopsTheCheckWhichStillDropsTheSchema() {
        // The test-only engine keeps every table in DuckDB's main schema, whatever the config's schema says.
        WarehouseConfig config = new WarehouseConfig("odd", "throwaway", "odd.duckdb", null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
        DuckDbWarehouse.create(TestDuckDb.config("odd", dir), dir).close();

        assertThat(check(config)).isEqualTo(1);
        assertThat(lines()).as(out.toString())
                .anySatisfy(l -> assertThat(l).matches("ok +create scratch schema .*"))
                .anySatisfy(l -> assertThat(l).matches("FAILED +connect to scratch schema .*appeared in the configured schema.*throwaway engine.*"))
                .anySatisfy(l -> assertThat(l).matches("skipped +checks in the scratch schema .*"))
                .anySatisfy(l -> assertThat(l).matches("ok +drop scratch schema .*"))
                .anySatisfy(l -> assertThat(l).contains("3 passed, 1 failed, 1 skipped on warehouse 'odd' (scratch schema weft_check_"));
        Warehouse odd = warehouses.get("odd");
        assertThat(odd.listTables()).isEmpty();
        assertThat(odd.queryLong("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name LIKE 'weft_check_%'")).contains(0L);
    }

    private static boolean schemaExists(String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestPostgres.url());
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
