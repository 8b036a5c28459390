package dev.weft;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The issue this answers, as a user meets it: {@code weft serve} in another process holds the workspace's DuckDB
 * file, which no other process may open; the CLI's commands still work, because they run in the server.
 */
class CliThroughServerTest {

    @TempDir
    Path workspace;

    private Process server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
        System.clearProperty("weft.workspace");
    }

    @Test
    void cliCommandsRunInTheServerThatHoldsTheEmbeddedWarehouse() throws Exception {
        Files.createDirectories(workspace.resolve("models"));
        Files.writeString(workspace.resolve("models/orders.sql"), "select 1 as id\n");
        System.setProperty("weft.workspace", workspace.toString());
        assertThat(run("warehouse", "init")).isZero();

        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        ProcessBuilder serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx512m", "-Dweft.workspace=" + workspace,
                Weft.class.getName(), "serve").directory(workspace.toFile()).redirectErrorStream(true);
        serve.environment().put("WEFT_MASTER_KEY", Base64.getEncoder().encodeToString(key));
        serve.environment().put("WEFT_PORT", String.valueOf(freePort()));
        serve.environment().put("WEFT_MANAGEMENT_PORT", String.valueOf(freePort()));
        server = serve.start();
        List<String> served = new ArrayList<>();
        BufferedReader log = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = log.readLine()) != null && !line.startsWith("CLI commands in this workspace run here"); ) {
            served.add(line);
        }
        assertThat(server.isAlive()).as("weft serve: %s", served).isTrue();

        Path database = workspace.resolve(".weft/warehouse.duckdb");
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:duckdb:" + database).close())
                .as("the server holds the DuckDB file").isInstanceOf(SQLException.class);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = run("models", "run");
        } finally {
            System.setOut(stdout);
        }
        assertThat(exit).as("weft models run: %s", out).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("orders");

        server.destroy();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        server = null;
        try (var connection = DriverManager.getConnection("jdbc:duckdb:" + database);
             var rows = connection.createStatement().executeQuery("SELECT id FROM orders")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).as("the model the relayed command built").isEqualTo(1);
        }
    }

    private static int run(String... args) {
        return Weft.run(args);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
