package dev.weft.syncs;

import dev.weft.cli.WeftCommand;
import dev.weft.testing.TestDuckDb;
import dev.weft.warehouse.Warehouses;
import io.micronaut.configuration.picocli.MicronautFactory;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code weft syncs validate}: git syncs checked against destinations and source columns, problems at file and line. */
class SyncsValidateCommandTest {

    @TempDir
    Path workspace;
    private ApplicationContext context;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws Exception {
        TestDuckDb.init(workspace, null);
        context = ApplicationContext.run(Map.of("weft.workspace", workspace.toString(), "weft.master-key", SyncHarness.MASTER_KEY,
                "weft.destinations.file.root", workspace.toString()), "test");
        context.getBean(Connections.class).create("files", "file", Map.of("path", "out"), Map.of());
        context.getBean(Warehouses.class).primary().execute("CREATE TABLE people AS SELECT 'p1' AS id, 'a@x.com' AS email, 'DE' AS country");
        Files.createDirectories(workspace.resolve("syncs"));
    }

    @AfterEach
    void stop() {
        context.close();
    }

    private int weft(String... args) {
        CommandLine cli = new CommandLine(WeftCommand.class, new MicronautFactory(context));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println("error: " + ex.getMessage());
            return 1;
        });
        return cli.execute(args);
    }

    private void sync(String id, String yaml) throws Exception {
        Files.writeString(workspace.resolve("syncs").resolve(id + ".yml"), yaml);
    }

    @Test
    void everySyncIsCheckedAndEachProblemNamesFileLineAndField() throws Exception {
        sync("good", """
                source: {model: people}
                destination: {type: file, connection: files}
                key: id
                mapping: [{from: email, to: email}]
                """);
        sync("typo", """
                source: {model: people}
                destination: {type: file, connection: files}
                key: id
                mapping:
                  - {from: email, to: email}
                  - {from: contry, to: country}
                """);
        sync("later", """
                source: {model: not_run_yet}
                destination: {type: file, connection: files}
                key: id
                mapping: [{from: email, to: email}]
                """);
        sync("unreadable", """
                source: {model: people}
                destination: {type: file, connection: files}
                key: id
                mapping: [{from: email, to: email, transforms: [shout]}]
                """);
        sync("listed", """
                source:
                  audience: vip
                  priority_list: nowhere
                destination: {type: file, connection: files}
                mapping: [{from: email, to: email}]
                """);
        Files.createDirectories(workspace.resolve("audiences/priority-lists"));
        for (String a : java.util.List.of("carts", "engaged")) {
            Files.writeString(workspace.resolve("audiences/" + a + ".json"), "{\"name\": \"" + a + "\", \"conditions\": []}");
        }
        Files.writeString(workspace.resolve("audiences/priority-lists/carts_first.json"), "{\"audiences\": [\"carts\", \"engaged\"]}");
        sync("ranked", """
                source: {audience: vip, priority_list: carts_first}
                destination: {type: file, connection: files}
                mapping: [{from: email, to: email}]
                """);
        Path dir = workspace.resolve("syncs");

        assertThat(weft("syncs", "validate")).isEqualTo(1);
        assertThat(out.toString().lines()).containsExactly(
                "ok good",
                dir.resolve("later.yml") + " line 1: /source/model: no table or view 'not_run_yet' in warehouse 'local' yet"
                        + " (run the models first)",
                dir.resolve("listed.yml") + " line 3: /source/priority_list: no priority list 'nowhere' (known: [carts_first])",
                dir.resolve("ranked.yml") + " line 1: /source/priority_list: priority list 'carts_first' does not rank audience 'vip'"
                        + " (it ranks [carts, engaged])",
                dir.resolve("typo.yml") + " line 6: /mapping/1/from: no column 'contry' in people; did you mean `country`?"
                        + " (columns: country, email, id)",
                dir.resolve("unreadable.yml") + " line 4: /mapping/0/transforms/0: unknown transform 'shout'"
                        + " (one of lower, upper, trim, e164, e164:<country> (ISO code, e.g. e164:US), sha256)");
        assertThat(err.toString()).contains("5 of 6 syncs have problems");

        out.getBuffer().setLength(0);
        assertThat(weft("syncs", "validate", "good")).isZero();
        assertThat(out.toString().trim()).isEqualTo("ok good");
    }
}
