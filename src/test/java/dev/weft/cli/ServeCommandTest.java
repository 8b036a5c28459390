package dev.weft.cli;

import dev.weft.StartupErrors;
import dev.weft.store.CredentialVault;
import io.micronaut.configuration.picocli.MicronautFactory;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class ServeCommandTest {

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @Test
    void wrongMasterKeyStopsTheStartWithOneLineNamingIt() {
        String store = "jdbc:h2:mem:serve-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        try (ApplicationContext first = ApplicationContext.run(Map.of("weft.store.url", store, "weft.master-key", newKey()), "test")) {
            first.getBean(CredentialVault.class).put("hubspot", "hubspot", Map.of("access_token", "top-secret-token"));

            try (ApplicationContext second = ApplicationContext.run(
                    Map.of("weft.store.url", store, "weft.master-key", newKey(), "micronaut.server.port", -1), "test")) {
                StringWriter err = new StringWriter();
                CommandLine cli = new CommandLine(WeftCommand.class, new MicronautFactory(second));
                cli.setErr(new PrintWriter(err, true));
                cli.setExecutionExceptionHandler((ex, line, parse) -> {
                    line.getErr().println("error: " + StartupErrors.describe(ex));
                    return 1;
                });
                assertThat(cli.execute("serve")).isEqualTo(1);
                assertThat(err.toString()).startsWith("error: WEFT_MASTER_KEY").doesNotContain("top-secret-token");
                assertThat(err.toString().strip().lines()).hasSize(1);
            }
        }
    }

    @Test
    void serveWillNotStartWithoutAMasterKeyAndThenReadsTheWorkspacesKeyFile(@TempDir Path workspace) throws Exception {
        String store = "jdbc:h2:mem:serve-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        Map<String, Object> config = Map.of("weft.store.url", store, "weft.workspace", workspace.toString(),
                "micronaut.server.port", -1);
        try (ApplicationContext context = ApplicationContext.run(config, "test")) {
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(WeftCommand.class, new MicronautFactory(context));
            cli.setErr(new PrintWriter(err, true));
            cli.setExecutionExceptionHandler((ex, line, parse) -> {
                line.getErr().println("error: " + StartupErrors.describe(ex));
                return 1;
            });
            assertThat(cli.execute("serve")).isEqualTo(1);
            assertThat(err.toString()).startsWith("error: WEFT_MASTER_KEY is not set: weft serve seals connection secrets");
        }
        Files.createDirectories(workspace.resolve(".weft"));
        Files.writeString(workspace.resolve(".weft/master.key"), newKey() + "\n"); // as weft demo leaves it
        try (ApplicationContext context = ApplicationContext.run(config, "test")) {
            CredentialVault vault = context.getBean(CredentialVault.class);
            assertThat(vault.hasKey()).isTrue();
            vault.put("hubspot", "hubspot", Map.of("access_token", "t"));
            assertThat(vault.get("hubspot")).containsEntry("access_token", "t");
        }
    }

    @Test
    void aManagementPortInUseStopsTheStartWithOneLineNamingItsVariable() throws Exception {
        String store = "jdbc:h2:mem:serve-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             ApplicationContext context = ApplicationContext.run(Map.of("weft.store.url", store, "weft.master-key", newKey(),
                     "micronaut.server.port", -1, "endpoints.all.port", taken.getLocalPort()), "test")) {
            StringWriter err = new StringWriter();
            CommandLine cli = new CommandLine(WeftCommand.class, new MicronautFactory(context));
            cli.setErr(new PrintWriter(err, true));
            cli.setExecutionExceptionHandler((ex, line, parse) -> {
                line.getErr().println("error: " + StartupErrors.describe(ex));
                return 1;
            });
            // A start that wrongly succeeded would serve until stopped: the time limit turns that into a failure.
            int exit = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> cli.execute("serve"));
            assertThat(exit).isEqualTo(1);
            assertThat(err.toString()).startsWith("error: cannot listen on port ")
                    .contains(taken.getLocalPort() + " (WEFT_MANAGEMENT_PORT): one is in use");
            assertThat(err.toString().strip().lines()).hasSize(1);
        }
    }

    @Test
    void micronautBeanErrorsAreCutToTheirInnermostMessage() {
        RuntimeException nested = new RuntimeException("Failed to inject value for parameter [port]\n\nMessage: outer\n"
                + "Path Taken: ...\nMessage: Error resolving property value [micronaut.server.port]\nPath Taken: a -> b");
        assertThat(StartupErrors.describe(nested)).isEqualTo("Error resolving property value [micronaut.server.port]");
    }
}
