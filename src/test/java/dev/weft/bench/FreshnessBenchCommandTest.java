package dev.weft.bench;

import io.micronaut.configuration.picocli.MicronautFactory;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented freshness benchmark runs end to end on a few hundred people: new people, a merge and a deletion
 * reach the receiver through one pipeline run, which then holds the audience exactly (the bench refuses otherwise).
 */
class FreshnessBenchCommandTest {

    @Test
    void newRowsAMergeAndADeletionReachTheReceiverExactly(@TempDir Path workspace) {
        String store = "jdbc:h2:mem:fresh-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        try (ApplicationContext context = ApplicationContext.run(Map.of("weft.store.url", store,
                "weft.workspace", workspace.toString()), "test")) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(FreshnessBenchCommand.class, new MicronautFactory(context));
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            int exit = cli.execute("--profiles", "400", "--percent", "5");
            assertThat(exit).as("%s%s", out, err).isZero();
            assertThat(out.toString())
                    .containsPattern("a run with nothing stale: [0-9.]+ s; built 0, skipped \\d+")
                    .containsPattern("audience fresh-with-email: \\d+ members before, \\d+ after \\(\\d+ joined, 2 left\\); the receiver holds them exactly")
                    .contains("freshness at 400 profiles: ");
        }
    }
}
