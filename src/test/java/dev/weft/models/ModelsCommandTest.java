package dev.weft.models;

import dev.weft.cli.WeftCommand;
import io.micronaut.configuration.picocli.MicronautFactory;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code weft models} commands against a workspace in a temp folder with its embedded DuckDB. */
class ModelsCommandTest {

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
    }

    private Result weft(String... args) {
        try (ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("weft.workspace", dir.toString(), "weft.models.threads", 2)).start()) {
            CommandLine cli = new CommandLine(WeftCommand.class, new MicronautFactory(context));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cli.setOut(new PrintWriter(out));
            cli.setErr(new PrintWriter(err));
            cli.setExecutionExceptionHandler((ex, line, parsed) -> {
                line.getErr().println("error: " + ex.getMessage());
                return 1;
            });
            int exit = cli.execute(args);
            return new Result(exit, out.toString(), err.toString());
        }
    }

    private void write(String file, String text) throws Exception {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void listsCompilesGraphsRunsAndTests() throws Exception {
        write("models/a.sql", "{{ config(materialized='table') }}\nselect 1 as id union all select 2");
        write("models/b.sql", "select id from {{ ref('a') }} where id > {{ var('min', 0) }}");
        write("models/schema.yml", "version: 2\nmodels:\n  - name: a\n    columns:\n      - name: id\n        tests: [unique]\n");
        assertThat(weft("warehouse", "init").exit()).isZero(); // a fresh workspace has no embedded warehouse yet

        Result list = weft("models", "list");
        assertThat(list.out()).as(list.err()).contains("a", "table", "models/a.sql", "b", "view");
        assertThat(weft("models", "graph").out()).contains("b").containsPattern("b\\s+<- a");
        assertThat(weft("models", "graph", "--dot").out()).contains("\"a\" -> \"b\";");

        Result compiled = weft("models", "compile", "--dialect", "snowflake", "--var", "min=1");
        assertThat(compiled.exit()).isZero();
        assertThat(Files.readString(dir.resolve(".weft/compiled/snowflake/models/b.sql"))).isEqualTo("select id from a where id > 1\n");

        Result run = weft("models", "run", "--select", "a+");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("running 2 models", "[1/2] SUCCESS", "a", "2 rows", "models: 2 ok, 0 failed, 0 skipped");

        Result build = weft("models", "build", "--select", "a");
        assertThat(build.exit()).as(build.err()).isZero();
        assertThat(build.out()).contains("running 2 models and tests", "SUCCESS", "PASS", "unique_a_id", "build: 2 ok, 0 failed, 0 skipped");

        Result tests = weft("models", "test");
        assertThat(tests.exit()).isZero();
        assertThat(tests.out()).contains("PASS", "unique_a_id");

        write("models/b.sql", "select nope from {{ ref('a') }}");
        Result failed = weft("models", "run");
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.out()).contains("error b:", "models: 1 ok, 1 failed");

        write("models/b.sql", "select id from {{ ref('c') }}");
        Result broken = weft("models", "compile");
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.err()).contains("error: models/b.sql line 1, column 19: ref('c') names no model in models/");
    }

    @Test
    void seedLoadsTheSelectedSeedsAndLsShowsThemAsSeeds() throws Exception {
        write("models/seeds/plans.csv", "plan,price\nfree,0\npro,20\n");
        write("models/seeds/regions.csv", "region\neu\n");
        write("models/paid.sql", "select plan from {{ ref('plans') }} where price > 0");
        assertThat(weft("warehouse", "init").exit()).isZero();

        Result seed = weft("models", "seed", "--select", "plans");
        assertThat(seed.exit()).as(seed.err()).isZero();
        assertThat(seed.out()).contains("running 1 seeds", "SUCCESS", "plans", "seed", "2 rows", "seed: 1 ok, 0 failed, 0 skipped")
                .doesNotContain("regions");

        Result ls = weft("models", "ls", "--select", "resource_type:seed");
        assertThat(ls.out().lines()).hasSize(2);
        assertThat(ls.out()).containsPattern("seed\\s+plans\\s+models/seeds/plans.csv").doesNotContain("paid");
    }

    @Test
    void snapshotRunsTheSelectedSnapshotsAndLsShowsThemAsSnapshots() throws Exception {
        write("snapshots/plans.sql", """
                {% snapshot plan_history %}
                {{ config(unique_key='plan', strategy='check', check_cols='all') }}
                select 'pro' as plan, 20 as price
                {% endsnapshot %}
                """);
        write("models/a.sql", "select 1 as id");
        assertThat(weft("warehouse", "init").exit()).isZero();

        for (int run = 0; run < 2; run++) {
            Result snapshot = weft("models", "snapshot");
            assertThat(snapshot.exit()).as(snapshot.err()).isZero();
            assertThat(snapshot.out()).contains("running 1 snapshots", "SUCCESS", "plan_history", "snapshot", "1 rows",
                    "snapshot: 1 ok, 0 failed, 0 skipped").doesNotContain(" a ");
        }

        Result ls = weft("models", "ls", "--select", "resource_type:snapshot");
        assertThat(ls.out()).containsPattern("snapshot\\s+plan_history\\s+snapshots/plans.sql").doesNotContain("models/a.sql");
    }

    @Test
    void sourceFreshnessPrintsEachTablesStatusAndExitsOneOnAnError() throws Exception {
        write("models/sources.yml", """
                sources:
                  - name: raw
                    loaded_at_field: loaded_at
                    freshness: {warn_after: {count: 1, period: hour}, error_after: {count: 1, period: day}}
                    tables:
                      - name: fresh_rows
                      - name: old_rows
                """);
        // the source tables, made by models for the test's sake
        write("models/fresh_rows.sql", "{{ config(materialized='table') }}\n"
                + "select cast(current_timestamp at time zone 'UTC' as timestamp) as loaded_at");
        write("models/old_rows.sql", "{{ config(materialized='table') }}\nselect timestamp '2025-01-01 08:00:00' as loaded_at");
        assertThat(weft("warehouse", "init").exit()).isZero();
        assertThat(weft("models", "run").exit()).isZero();

        Result fresh = weft("models", "source-freshness", "-s", "source:raw.fresh_rows");
        assertThat(fresh.exit()).as(fresh.err()).isZero();
        assertThat(fresh.out()).containsPattern("PASS\\s+raw.fresh_rows\\s+max \\S+Z\\s+age \\d+s\\s+warn after 1h 0m, error after 1d 0h")
                .contains("source freshness: 1 pass, 0 warn, 0 error");

        Result all = weft("models", "source-freshness");
        assertThat(all.exit()).isEqualTo(1);
        assertThat(all.out()).containsPattern("ERROR\\s+raw.old_rows\\s+max 2025-01-01T08:00:00Z\\s+age \\d+d")
                .contains("source freshness: 1 pass, 0 warn, 1 error");
    }

    @Test
    void lsPrintsTheSelectedNodesAndWarnsOfACriterionMatchingNothing() throws Exception {
        write("models/staging/stg_a.sql", "{{ config(materialized='table', tags=['nightly']) }}\nselect 1 as id");
        write("models/marts/b.sql", "select id from {{ ref('stg_a') }}");
        write("models/schema.yml", "version: 2\nmodels:\n  - name: stg_a\n    columns:\n      - name: id\n        tests: [unique]\n");

        Result ls = weft("models", "ls", "--select", "tag:nightly+", "--exclude", "marts.*");
        assertThat(ls.exit()).as(ls.err()).isZero();
        assertThat(ls.out().lines()).hasSize(2);
        assertThat(ls.out()).containsPattern("model\\s+stg_a\\s+models/staging/stg_a.sql")
                .containsPattern("test\\s+unique_stg_a_id\\s+models/schema.yml line 6").doesNotContain("marts/b.sql");

        Result nothing = weft("models", "ls", "--select", "stg_a nope");
        assertThat(nothing.exit()).isZero();
        assertThat(nothing.err()).contains("warning: the selection criterion 'nope' does not match any node");
        assertThat(nothing.out()).contains("stg_a");

        Result unknown = weft("models", "ls", "--select", "colour:red");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown selector method 'colour'");
    }

    @Test
    void runTakesThreadsAndFailFastStopsAtTheFirstFailure() throws Exception {
        write("models/a.sql", "select nope");
        write("models/b.sql", "select 1 as id");
        write("models/c.sql", "select 2 as id");
        assertThat(weft("warehouse", "init").exit()).isZero();

        Result failFast = weft("models", "run", "--threads", "1", "--fail-fast");
        assertThat(failFast.exit()).isEqualTo(1);
        // one thread takes a first (by name); the failure stops the run before b and c start
        assertThat(failFast.out()).contains("models: 0 ok, 1 failed, 2 skipped");
        assertThat(failFast.out()).contains("skipped b: --fail-fast stopped the run after a failed", "skipped c: --fail-fast");

        Result all = weft("models", "run", "--threads", "1");
        assertThat(all.out()).contains("models: 2 ok, 1 failed, 0 skipped");
        assertThat(weft("models", "run", "--threads", "0").err()).contains("--threads must be at least 1");
    }
}
