package dev.weft.identity;

import dev.weft.audit.Actor;
import dev.weft.cli.WeftCommand;
import dev.weft.testing.TestDuckDb;
import dev.weft.warehouse.WarehouseNames;
import io.micronaut.configuration.picocli.MicronautFactory;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code weft identity requests}: the deletion requests the store records, newest first, by status. */
class IdentityRequestsCommandTest {

    @TempDir
    Path workspace;
    private ApplicationContext context;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() {
        TestDuckDb.init(workspace, null);
        context = ApplicationContext.run(Map.of("weft.workspace", workspace.toString()), "test");
    }

    @AfterEach
    void stop() {
        context.close();
    }

    private int weft(String... args) {
        out.getBuffer().setLength(0);
        CommandLine cli = new CommandLine(WeftCommand.class, new MicronautFactory(context));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println("error: " + ex.getMessage());
            return 1;
        });
        return cli.execute(args);
    }

    @Test
    void listsRequestsNewestFirstAndByStatus() {
        DeletionRequests requests = context.getBean(DeletionRequests.class);
        assertThat(weft("identity", "requests")).isZero();
        assertThat(out.toString().trim()).isEqualTo("no deletion requests");

        String older = WarehouseNames.sha256Hex("old@example.com");
        String newer = WarehouseNames.sha256Hex("new@example.com");
        DeletionRequests.DeletionRequest first = Actor.cli().actFor(() -> requests.create("email", older, Instant.parse("2026-03-01T10:00:00Z")));
        DeletionRequests.DeletionRequest second = Actor.cli().actFor(() -> requests.create("email", newer, Instant.parse("2026-03-02T10:00:00Z")));
        Actor.cli().actFor(() -> requests.lift(first, Instant.parse("2026-03-03T10:00:00Z")));

        assertThat(weft("identity", "requests")).isZero();
        assertThat(out.toString().lines()).containsExactly(
                second.id() + "  pending  email:sha256:" + newer + "  requested 2026-03-02T10:00:00Z by " + second.requestedBy(),
                first.id() + "  lifted  email:sha256:" + older + "  requested 2026-03-01T10:00:00Z by " + first.requestedBy()
                        + "; lifted 2026-03-03T10:00:00Z by " + first.requestedBy());
        assertThat(weft("identity", "requests", "--status", "lifted", "--limit", "5")).isZero();
        assertThat(out.toString().lines()).singleElement().asString().startsWith(first.id() + "  lifted");
        assertThat(weft("identity", "requests", "--limit", "1")).isZero();
        assertThat(out.toString().lines()).singleElement().asString().startsWith(second.id());
        assertThat(weft("identity", "requests", "--status", "applied")).isZero();
        assertThat(out.toString().trim()).isEqualTo("no deletion requests applied");

        assertThat(weft("identity", "requests", "--status", "done")).isEqualTo(1);
        assertThat(err.toString()).contains("--status must be one of [pending, applied, lifted], got 'done'");
    }
}
