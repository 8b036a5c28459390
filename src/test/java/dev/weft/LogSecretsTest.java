package dev.weft;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import dev.weft.api.TokenService;
import dev.weft.destinations.webhook.FakeWebhookReceiver;
import dev.weft.store.CredentialVault;
import dev.weft.syncs.Connections;
import dev.weft.syncs.SyncScheduler;
import dev.weft.testing.TestDuckDb;
import dev.weft.testing.TestPostgres;
import dev.weft.warehouse.Warehouses;
import io.micronaut.context.ApplicationContext;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing secret reaches a log line at any level: with every logger at DEBUG (Micronaut's bean creation
 * included, which prints configuration records), a run that opens the store, a warehouse configured with a
 * password, the credential vault, a webhook connection with a signing secret and an API token is searched
 * for each planted secret.
 */
class LogSecretsTest {

    @TempDir
    Path workspace;

    @Test
    void aDebugRunLogsNoneOfThePlantedSecrets() throws Exception {
        String storePassword = "planted-store-" + UUID.randomUUID();
        String warehousePassword = "planted-warehouse-" + UUID.randomUUID();
        String signingSecret = "planted-signing-" + UUID.randomUUID();
        String masterKey = CredentialVault.newKey();
        TestDuckDb.init(workspace, null);
        Files.createDirectories(workspace.resolve("syncs"));
        Files.writeString(workspace.resolve("syncs/people_hook.yml"), """
                source: {model: people}
                destination: {type: webhook, connection: hook}
                key: id
                mapping: [{from: email, to: email}]
                """);
        Map<String, Object> config = new HashMap<>();
        config.put("weft.workspace", workspace.toString());
        config.put("weft.store.url", "jdbc:h2:mem:logs-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        config.put("weft.store.user", "weft");
        config.put("weft.store.password", storePassword);
        config.put("weft.master-key", masterKey);
        config.put("weft.warehouses.pg.type", "postgres");
        config.put("weft.warehouses.pg.url", TestPostgres.url());
        config.put("weft.warehouses.pg.password", warehousePassword);

        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger weft = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("dev.weft");
        Level rootLevel = root.getLevel();
        Level weftLevel = weft.getLevel();
        captured.start();
        // Only the capture sees this run's DEBUG lines: the console appenders are set aside meanwhile.
        List<Appender<ILoggingEvent>> console = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(console::add);
        console.forEach(root::detachAppender);
        root.addAppender(captured);
        root.setLevel(Level.DEBUG);
        weft.setLevel(Level.DEBUG);
        String token;
        MockWebServer receiver = new MockWebServer();
        receiver.setDispatcher(new FakeWebhookReceiver(signingSecret));
        receiver.start();
        try (ApplicationContext context = ApplicationContext.run(config, "test")) {
            context.getBean(Warehouses.class).primary().execute("CREATE TABLE people AS SELECT 1 AS id, 'a@x.com' AS email");
            context.getBean(Warehouses.class).get("pg").queryLong("SELECT 1");
            token = context.getBean(TokenService.class).create("ops", Set.of("admin")).token();
            context.getBean(Connections.class).create("hook", "webhook", Map.of("url", receiver.url("/hook").toString()),
                    Map.of("signing-secret", signingSecret));
            assertThat(context.getBean(SyncScheduler.class).runNow("people_hook", "cli", p -> { }).orElseThrow().succeeded())
                    .isEqualTo(1);
        } finally {
            root.detachAppender(captured);
            console.forEach(root::addAppender);
            root.setLevel(rootLevel);
            weft.setLevel(weftLevel);
            receiver.shutdown();
        }

        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : captured.list) {
            lines.add(e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                lines.add(t.getMessage());
            }
        }
        assertThat(lines).as("DEBUG lines were captured, configuration records included")
                .anyMatch(l -> l != null && l.contains("StoreConfig"));
        for (String secret : List.of(storePassword, warehousePassword, signingSecret, masterKey, token)) {
            assertThat(lines).as("log lines holding a planted secret").noneMatch(l -> l != null && l.contains(secret));
        }
    }
}
