package dev.weft.demo;

import dev.weft.cli.WeftCommand;
import dev.weft.testing.DemoSends;
import dev.weft.testing.TestDuckDb;
import dev.weft.warehouse.duckdb.DuckDbWarehouse;
import io.micronaut.configuration.picocli.MicronautFactory;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo commands as a user runs them, in a fresh workspace with the default embedded DuckDB. */
class DemoCommandTest {

    @TempDir
    Path workspace;

    private record Result(int exitCode, String out, String err) {
    }

    /** The CLI as a user runs it: the workspace's own store file (tests otherwise get an empty in-memory one each). */
    private Result weft(String... args) {
        return weftWith(Map.of(), args);
    }

    /** The CLI with settings over the workspace's (this harness does not read the weft.yml the demo writes). */
    private Result weftWith(Map<String, Object> settings, String... args) {
        String store = "jdbc:h2:file:" + workspace.resolve(".weft/store/weft") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        Map<String, Object> properties = new java.util.HashMap<>(settings);
        properties.put("weft.workspace", workspace.toString());
        properties.put("weft.store.url", store);
        try (ApplicationContext context = ApplicationContext.builder(WeftCommand.class, "cli").properties(properties).start()) {
            CommandLine cli = new CommandLine(WeftCommand.class, new MicronautFactory(context));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            cli.setExecutionExceptionHandler((ex, line, parsed) -> {
                line.getErr().println("error: " + ex.getMessage());
                return 1;
            });
            return new Result(cli.execute(args), out.toString(), err.toString());
        }
    }

    /** How many steps the demo has (its pipeline finds them), for the "[1/N]" of the first. */
    private int demoSteps() {
        try (ApplicationContext context = ApplicationContext.builder(WeftCommand.class, "cli")
                .properties(Map.of("weft.workspace", workspace.toString())).start()) {
            return context.getBean(DemoPipeline.class).steps().size();
        }
    }

    private long count(String table) {
        try (DuckDbWarehouse w = new DuckDbWarehouse(TestDuckDb.config("warehouse", workspace.resolve(".weft")), workspace)) {
            return w.queryLong("SELECT count(*) FROM " + table).orElseThrow();
        }
    }

    @Test
    void demoSeedsTheEmbeddedWarehouseAndSaysWhatItMade() throws Exception {
        Result first = weft("demo");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(Files.exists(workspace.resolve(".weft/warehouse.duckdb"))).isTrue();
        assertThat(first.out()).contains("[1/" + demoSteps() + "] seed raw data: 10,000 synthetic customers",
                "seeded 10,000 people", "raw_events", "raw_orders", "raw_contacts", "raw_identity_truth",
                "with junk identifiers");
        // The printed counts are the table's (reseeding replaces rather than adds: DemoSeederContract).
        assertThat(first.out()).contains(String.format(Locale.ROOT, "%,d rows", count("raw_events")));
        // Without WEFT_MASTER_KEY the demo makes the workspace's own key, owner-only, once.
        Path key = workspace.resolve(".weft/master.key");
        assertThat(first.out()).contains("made a master key for this workspace's credentials in .weft/master.key");
        assertThat(key).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(key).strip())).hasSize(32);
    }

    @Test
    void theDemoRunsThePipelineAndASecondDemoFindsNothingStaleAndSendsNothing() {
        Result first = weft("demo");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("pipeline: build what is stale").containsPattern("built +model:stg_events")
                .containsPattern("built +identity").containsPattern("built +sync:contacts_to_file");
        // The demo's syncs honour its consent source, suppression list and priority list, and say what they withheld
        // (as the README shows).
        for (String sync : DemoSends.PURPOSES.keySet()) {
            assertThat(first.out()).containsPattern("built +sync:" + sync + " .*; withheld [0-9,]+ \\(.*suppressed:employees [0-9,]+\\)\n");
        }
        assertThat(first.out()).containsPattern("built +priority_list:carts-first ");
        try (DuckDbWarehouse w = new DuckDbWarehouse(TestDuckDb.config("warehouse", workspace.resolve(".weft")), workspace)) {
            DemoSends.PURPOSES.keySet().forEach(sync -> DemoSends.assertConsentAndSuppressionHonoured(w, workspace, sync));
            DemoSends.assertPriorityListHonoured(w, workspace);
        }

        Result second = weft("demo");
        assertThat(second.exitCode()).as(second.err()).isZero();
        // The raw tables are replaced by the same rows: no watermark moves, so nothing is built and no sync runs.
        assertThat(second.out()).contains(" 0 built, 0 changed, ").containsPattern("skipped +sync:contacts_to_file")
                .doesNotContainPattern("built +sync:");

        Result graph = weft("pipeline", "graph");
        assertThat(graph.exitCode()).as(graph.err()).isZero();
        assertThat(graph.out()).containsPattern("source +source:raw.raw_events +\\(table raw_events, occurred_at\\)")
                .containsPattern("identity +identity +<- model:stg_events, model:stg_orders, model:stg_contacts")
                .containsPattern("model +model:profile_traits +<- model:stg_orders, model:stg_contacts, model:profile_events, identity\\n");
        // As the weft.yml the demo wrote says: audiences measured from the latest event, as in the demo's run.
        Result run = weftWith(Map.of("weft.audiences.as-of", "latest-event"), "pipeline", "run");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("cli       succeeded", "0 built, 0 changed, ");
        Result runs = weft("pipeline", "runs");
        assertThat(runs.exitCode()).as(runs.err()).isZero();
        assertThat(runs.out().lines()).hasSize(3).element(2).asString().contains("demo ", "17 built, 3 changed");
    }

    @Test
    void seedCommandReportsRowsTimeAndMemory() {
        Result r = weft("demo", "seed", "--profiles", "500", "--seed", "3", "--truth");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("seeded 500 people (seed 3", "raw_identity_truth", "rows/s", "peak heap",
                "peak RSS");
        assertThat(count("raw_identity_truth")).isPositive();
    }

    @Test
    void seedCommandRejectsBadOptionsNamingThem() {
        Result zero = weft("demo", "seed", "--profiles", "0");
        assertThat(zero.exitCode()).isNotZero();
        assertThat(zero.err()).contains("--profiles must be between 1 and 100,000,000, got 0");

        Result unknown = weft("demo", "seed", "--profiles", "10", "--warehouse", "nope");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).contains("no warehouse named 'nope'");
    }
}
