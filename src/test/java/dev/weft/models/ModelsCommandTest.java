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
}
