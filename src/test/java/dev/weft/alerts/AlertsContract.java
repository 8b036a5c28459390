package dev.weft.alerts;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.weft.Workspace;
import dev.weft.audit.AuditLog;
import dev.weft.consent.Consents;
import dev.weft.destinations.JobStatus;
import dev.weft.destinations.Operation;
import dev.weft.destinations.file.FileDestinationProvider;
import dev.weft.store.CredentialVault;
import dev.weft.store.Store;
import dev.weft.syncs.AckJournal;
import dev.weft.syncs.Connections;
import dev.weft.syncs.DestinationTypes;
import dev.weft.syncs.RateLimiters;
import dev.weft.syncs.SyncDefinitions;
import dev.weft.syncs.SyncExecutor;
import dev.weft.syncs.SyncMetrics;
import dev.weft.syncs.SyncJobs;
import dev.weft.syncs.SyncRuns;
import dev.weft.syncs.SyncStates;
import dev.weft.syncs.SyncsConfig;
import dev.weft.testing.TestDuckDb;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Warehouses;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.internet.MimeMessage;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts end to end: a sync that fails and recovers, run by the real executor on DuckDB, with alerts
 * going to a local Slack-like receiver, a local webhook receiver and an in-process SMTP server
 * (GreenMail). Each incident reaches each channel once, survives a restart without being re-sent,
 * and is followed by one "resolved". Subclasses choose the store.
 */
abstract class AlertsContract {

    private static final String MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String SIGNING_SECRET = "whsec-test-7f3a";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Store store;
    private Warehouses warehouses;
    private CredentialVault vault;
    private SyncDefinitions definitions;
    private SyncRuns runs;
    private SyncJobs jobs;
    private Connections connections;
    private DestinationTypes types;
    private SyncStates states;
    private AckJournal journal;
    private final Receiver slack = new Receiver();
    private final Receiver hook = new Receiver();
    private MockWebServer slackServer;
    private MockWebServer hookServer;
    private GreenMail smtp;
    private final MutableClock clock = new MutableClock(Instant.now());

    /** The store the alerts keep their incidents in. */
    abstract Store store(Path dir);

    @BeforeEach
    void setUp() throws Exception {
        Workspace workspace = new Workspace(dir.toString());
        store = store(dir);
        var warehouse = TestDuckDb.config("local", dir);
        warehouses = new Warehouses(List.of(warehouse), warehouse.name(), workspace);
        warehouses.create(warehouse.name());
        vault = CredentialVault.open(store, MASTER_KEY);
        vault.put("alerts", "alerts", Map.of("signing-secret", SIGNING_SECRET));
        types = new DestinationTypes(List.of(new FileDestinationProvider(workspace, ".")));
        connections = new Connections(store, vault, types, new AuditLog(store));
        connections.create("files", "file", Map.of("path", "out"), Map.of());
        definitions = new SyncDefinitions(workspace, store, new AuditLog(store));
        runs = new SyncRuns(store);
        jobs = new SyncJobs(store);
        states = new SyncStates(store, connections, definitions, jobs);
        journal = new AckJournal(store, states);
        Files.createDirectories(dir.resolve("syncs"));
        Files.writeString(dir.resolve("syncs/people_files.yml"), """
                source: {model: people}
                destination: {type: file, connection: files}
                key: id
                mapping:
                  - {from: email, to: email}
                """);
        slackServer = new MockWebServer();
        slackServer.setDispatcher(slack);
        slackServer.start();
        hookServer = new MockWebServer();
        hookServer.setDispatcher(hook);
        hookServer.start();
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        smtp.setUser("weft@example.com", "weft", "smtp-pass");
    }

    @AfterEach
    void tearDown() throws Exception {
        slackServer.shutdown();
        hookServer.shutdown();
        smtp.stop();
        warehouses.close();
        store.close();
    }

    /** A {@code weft.yml} with the three channels and {@code rules}. */
    private AlertsConfig config(String rules) {
        return AlertsConfig.parse("""
                weft:
                  alerts:
                    channels:
                      ops-slack: {type: slack, url: env:SLACK_URL}
                      pager:
                        type: webhook
                        url: env:PAGER_URL
                        signing-secret: vault:alerts/signing-secret
                      oncall:
                        type: email
                        host: 127.0.0.1
                        port: %d
                        username: weft
                        password: env:SMTP_PASSWORD
                        from: weft@example.com
                        to: [oncall@example.com]
                        tls: none
                    rules:
                %s
                """.formatted(smtp.getSmtp().getPort(), rules.indent(6)), "weft.yml");
    }

    /** A fresh alerts component, as a (re)started process makes it. */
    private Alerts alerts(AlertsConfig config) {
        Map<String, String> env = Map.of("SLACK_URL", slackServer.url("/services/T000/B000/XXXX").toString(),
                "PAGER_URL", hookServer.url("/alerts").toString(), "SMTP_PASSWORD", "smtp-pass");
        return new Alerts(config, store, new AlertSecrets(env::get, vault), definitions, runs, jobs, clock);
    }

    private SyncExecutor executor(Alerts alerts) {
        return new SyncExecutor(definitions, connections, types, warehouses, journal, runs, jobs, new RateLimiters(store),
                new SyncsConfig(null, null, 2, Duration.ofMillis(10), Duration.ofMillis(50), null, null, null, null), states,
                new SyncMetrics(new SimpleMeterRegistry()), new Consents(new Workspace(dir.toString())), List.of(alerts));
    }

    private void createSource() {
        warehouses.primary().createTable("people", List.of(Column.of("id", ColumnType.VARCHAR), Column.of("email", ColumnType.VARCHAR)), true);
        warehouses.primary().execute("INSERT INTO people VALUES (?, ?)", "k1", "a@example.com");
    }

    @Test
    void twoFailuresAlertEachChannelOnceEvenAcrossARestartAndASuccessResolvesOnce() throws Exception {
        AlertsConfig config = config("- {rule: run_failed}");
        // The source table does not exist yet: every run fails.
        assertThat(executor(alerts(config)).run("people_files", "manual").status()).isEqualTo(SyncRuns.Status.FAILED);
        assertThat(executor(alerts(config)).run("people_files", "manual").status()).isEqualTo(SyncRuns.Status.FAILED);

        assertThat(slack.bodies).hasSize(1);
        assertThat(JSON.readTree(slack.bodies.get(0)).get("text").asText())
                .startsWith("[weft] ALERT sync people_files: run_failed: run ").contains("failed");
        assertThat(hook.bodies).hasSize(1);
        JsonNode opened = JSON.readTree(hook.bodies.get(0));
        assertThat(opened.get("event").asText()).isEqualTo("opened");
        assertThat(opened.get("rule").asText()).isEqualTo("run_failed");
        assertThat(opened.get("sync_id").asText()).isEqualTo("people_files");
        assertThat(Instant.parse(opened.get("opened_at").asText())).isNotNull();
        assertThat(opened.get("cleared_at").isNull()).isTrue();
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("[weft] ALERT sync people_files: run_failed");

        createSource();
        assertThat(executor(alerts(config)).run("people_files", "manual").status()).isEqualTo(SyncRuns.Status.SUCCEEDED);
        executor(alerts(config)).run("people_files", "manual");

        assertThat(slack.bodies).hasSize(2);
        assertThat(JSON.readTree(slack.bodies.get(1)).get("text").asText()).startsWith("[weft] RESOLVED sync people_files: run_failed cleared at");
        assertThat(hook.bodies).hasSize(2);
        JsonNode resolved = JSON.readTree(hook.bodies.get(1));
        assertThat(resolved.get("event").asText()).isEqualTo("resolved");
        assertThat(Instant.parse(resolved.get("cleared_at").asText())).isAfterOrEqualTo(Instant.parse(resolved.get("opened_at").asText()));
        MimeMessage[] mails = smtp.getReceivedMessages();
        assertThat(mails).hasSize(2);
        assertThat(mails[1].getSubject()).isEqualTo("[weft] RESOLVED sync people_files: run_failed");
        assertThat(mails[1].getAllRecipients()[0].toString()).isEqualTo("oncall@example.com");
    }

    @Test
    void theWebhookSignatureVerifiesAsTheDocsSay() throws Exception {
        executor(alerts(config("- {rule: run_failed}"))).run("people_files", "manual");

        assertThat(hook.requests).hasSize(1);
        RecordedRequest request = hook.requests.get(0);
        String timestamp = request.getHeader("X-Weft-Timestamp");
        byte[] body = hook.rawBodies.get(0);
        // As a receiver verifies it: hex HMAC-SHA256 under the shared secret of "<timestamp>.<body>".
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SIGNING_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        assertThat(request.getHeader("X-Weft-Signature")).isEqualTo("v1=" + HexFormat.of().formatHex(mac.doFinal(body)));
        assertThat(Long.parseLong(timestamp)).isEqualTo(clock.instant().getEpochSecond());
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
    }

    @Test
    void aChannelThatFailsIsRetriedAtTheNextEvaluationWithoutResendingToTheOthers() throws Exception {
        AlertsConfig config = config("- {rule: run_failed}");
        slack.failNext.set(1);
        SyncExecutor.RunResult first = executor(alerts(config)).run("people_files", "manual");
        assertThat(first.status()).isEqualTo(SyncRuns.Status.FAILED);
        assertThat(slack.bodies).isEmpty();
        assertThat(hook.bodies).hasSize(1);

        alerts(config).schedulerTicked(clock.instant());

        assertThat(slack.bodies).hasSize(1);
        assertThat(hook.bodies).hasSize(1);
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }

    @Test
    void noSuccessFiresOnceWhenTheWindowPassesAndResolvesAtTheNextSuccess() throws Exception {
        createSource();
        AlertsConfig config = config("- {rule: no_success, within: 1h, to: [ops-slack]}");
        Alerts alerts = alerts(config);
        assertThat(executor(alerts).run("people_files", "manual").status()).isEqualTo(SyncRuns.Status.SUCCEEDED);

        clock.set(Instant.now().plus(Duration.ofMinutes(50)));
        alerts.schedulerTicked(clock.instant());
        assertThat(slack.bodies).isEmpty();

        clock.set(Instant.now().plus(Duration.ofMinutes(70)));
        alerts.schedulerTicked(clock.instant());
        alerts.schedulerTicked(clock.instant());
        alerts(config).schedulerTicked(clock.instant());
        assertThat(slack.bodies).hasSize(1);
        assertThat(JSON.readTree(slack.bodies.get(0)).get("text").asText())
                .startsWith("[weft] ALERT sync people_files: no_success: no successful run since").contains("(allowed: 1h)");
        assertThat(hook.bodies).as("the rule names only ops-slack").isEmpty();
        assertThat(smtp.getReceivedMessages()).isEmpty();

        executor(alerts).run("people_files", "manual");
        assertThat(slack.bodies).hasSize(2);
        assertThat(JSON.readTree(slack.bodies.get(1)).get("text").asText()).startsWith("[weft] RESOLVED sync people_files: no_success");
    }

    @Test
    void aVendorJobOpenTooLongFiresAndResolvesWhenItSettles() throws Exception {
        AlertsConfig config = config("- {rule: job_stuck, after: 2h, to: [ops-slack]}");
        jobs.submitted("people_files", "run-1", "job-42", List.of(new SyncJobs.JobRecord("k1", Operation.ADD, 1L)));
        Alerts alerts = alerts(config);

        alerts.schedulerTicked(clock.instant());
        assertThat(slack.bodies).isEmpty();
        clock.set(Instant.now().plus(Duration.ofHours(3)));
        alerts.schedulerTicked(clock.instant());
        assertThat(slack.bodies).hasSize(1);
        assertThat(JSON.readTree(slack.bodies.get(0)).get("text").asText()).contains("job-42 (submitted since");

        jobs.finished("people_files", "job-42", new JobStatus("job-42", JobStatus.State.DONE, null, List.of()), "run-2");
        alerts.schedulerTicked(clock.instant());
        assertThat(slack.bodies).hasSize(2);
        assertThat(JSON.readTree(slack.bodies.get(1)).get("text").asText()).startsWith("[weft] RESOLVED sync people_files: job_stuck");
    }

    @Test
    void aSyncsOwnRuleReplacesTheDefaultOfItsKind() throws Exception {
        Files.writeString(dir.resolve("syncs/people_files.yml"), """
                source: {model: people}
                destination: {type: file, connection: files}
                key: id
                mapping:
                  - {from: email, to: email}
                alerts:
                  - {rule: run_failed, to: [pager]}
                """);
        executor(alerts(config("- {rule: run_failed}"))).run("people_files", "manual");

        assertThat(hook.bodies).hasSize(1);
        assertThat(slack.bodies).isEmpty();
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void aDeliveryThatFailsIsLoggedByChannelNameWithoutItsSecrets() throws Exception {
        MockWebServer gone = new MockWebServer();
        gone.start();
        String slackUrl = gone.url("/services/T000/B000/planted-url-secret").toString();
        gone.shutdown();
        hook.failNext.set(1);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(Alerts.class);
        captured.start();
        logger.addAppender(captured);
        try {
            Alerts alerts = new Alerts(config("- {rule: run_failed}"), store, new AlertSecrets(Map.of("SLACK_URL", slackUrl,
                    "PAGER_URL", hookServer.url("/alerts").toString(), "SMTP_PASSWORD", "smtp-pass")::get, vault), definitions, runs, jobs, clock);
            assertThat(executor(alerts).run("people_files", "manual").status()).isEqualTo(SyncRuns.Status.FAILED);
        } finally {
            logger.detachAppender(captured);
        }

        List<String> lines = captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anyMatch(l -> l.contains("alert not delivered") && l.contains("alert channel 'ops-slack'"));
        assertThat(lines).anyMatch(l -> l.contains("alert channel 'pager': the receiver answered HTTP 500"));
        assertThat(lines).noneMatch(l -> l.contains("planted-url-secret") || l.contains(SIGNING_SECRET) || l.contains("smtp-pass"));
        assertThat(smtp.getReceivedMessages()).as("the channel that works is told").hasSize(1);
    }

    /** A receiver that answers 200, or 500 for the next {@code failNext} requests, and keeps what it accepted. */
    private static final class Receiver extends Dispatcher {
        final List<String> bodies = new CopyOnWriteArrayList<>();
        final List<byte[]> rawBodies = new CopyOnWriteArrayList<>();
        final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
        final AtomicInteger failNext = new AtomicInteger();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return new MockResponse().setResponseCode(500);
            }
            byte[] body = request.getBody().readByteArray();
            rawBodies.add(body);
            bodies.add(new String(body, StandardCharsets.UTF_8));
            requests.add(request);
            return new MockResponse().setResponseCode(200).setBody("ok");
        }
    }

    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
