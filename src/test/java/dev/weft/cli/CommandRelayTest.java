package dev.weft.cli;

import io.micronaut.configuration.picocli.MicronautFactory;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While {@code weft serve} runs on a workspace with an embedded warehouse, the CLI's commands run in it: their
 * output comes back as they print it, with their exit code; without a server nothing is relayed.
 */
class CommandRelayTest {

    @TempDir
    Path workspace;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private OptionalInt forward(String... args) throws Exception {
        out.reset();
        err.reset();
        return CommandRelay.forward(workspace.resolve(".weft"), args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void withoutAServerNothingIsRelayed() throws Exception {
        assertThat(forward("models", "list")).isEmpty();
        Files.createDirectories(workspace.resolve(".weft"));
        Files.createFile(workspace.resolve(".weft/" + CommandRelay.SOCKET)); // left by a server that is gone
        assertThat(forward("models", "list")).isEmpty();
    }

    @Test
    void serveRelaysTheCommandsOfItsWorkspaceAndStopsWhenItStops() throws Exception {
        Files.createDirectories(workspace.resolve("models"));
        Files.writeString(workspace.resolve("models/orders.sql"), "select 1 as id\n");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String store = "jdbc:h2:mem:relay-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        try (ApplicationContext context = ApplicationContext.run(Map.of("weft.store.url", store,
                "weft.workspace", workspace.toString(), "weft.master-key", Base64.getEncoder().encodeToString(key),
                "micronaut.server.port", -1, "endpoints.all.port", -1), "test")) {
            StringWriter serveErr = new StringWriter();
            CommandLine serve = WeftCommand.commandLine(new MicronautFactory(context));
            serve.setErr(new PrintWriter(serveErr, true));
            assertThat(serve.execute("warehouse", "init")).as("%s", serveErr).isZero();
            Thread server = new Thread(() -> serve.execute("serve"), "test-serve");
            server.start();
            Path socket = workspace.resolve(".weft/" + CommandRelay.SOCKET);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(socket) && server.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(server.isAlive()).as("serve runs: %s", serveErr).isTrue();
            assertThat(Files.getPosixFilePermissions(workspace.resolve(".weft")))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));

            assertThat(forward("models", "list")).hasValue(0);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("orders");

            assertThat(forward("syncs", "plan", "no_such_sync")).hasValue(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("no_such_sync");

            assertThat(forward("no-such-command")).hasValue(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unmatched argument at index 0: 'no-such-command'").contains("Did you mean");

            assertThat(forward("serve")).hasValue(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("weft serve is already running for this workspace");

            server.interrupt();
            server.join(Duration.ofSeconds(30).toMillis());
            assertThat(socket).doesNotExist();
            assertThat(forward("models", "list")).isEmpty();
        }
    }
}
