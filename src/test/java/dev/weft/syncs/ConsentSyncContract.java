package dev.weft.syncs;

import dev.weft.WeftException;
import dev.weft.destinations.webhook.FakeWebhookReceiver;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Warehouse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Consent and suppression on a real warehouse, end to end through the executor to a webhook receiver: five
 * profiles in an audience (their identifiers in an identity graph), consent events on their emails (written
 * as people type them) and profile ids, an employees list and a competitors' domain list. Revoking consent
 * removes the person from a mirror sync's destination on the next run; the plan counts what it withheld and
 * why. One subclass per engine.
 */
abstract class ConsentSyncContract {

    protected SyncHarness h;
    private Warehouse wh;
    private MockWebServer server;
    private FakeWebhookReceiver receiver;

    protected abstract SyncHarness harness() throws Exception;

    protected abstract Path dir();

    @BeforeEach
    void setUp() throws Exception {
        h = harness();
        wh = h.warehouse();
        write("identity-graph/identity.yml", """
                identifier_types:
                  email:
                  user_id:
                sources:
                  - {name: people, model: people, row_key: id, timestamp: updated_at, identifiers: {email: email, user_id: user_id}}
                """);
        write("consent/consent.yml", """
                purposes:
                  email_marketing: opt_in
                  ads_targeting: opt_out
                sources:
                  - name: preferences
                    table: consent_events
                    identifiers: {email: email, profile_id: profile_id}
                    purpose: purpose
                    status: status
                    timestamp: changed_at
                suppression:
                  - name: employees
                    table: employees
                    identifiers: {email: work_email}
                  - name: competitors
                    table: competitor_domains
                    domains: domain
                    destinations: [webhook]
                """);
        wh.createTable("weft_id_graph", List.of(Column.of("node_id", ColumnType.BIGINT), Column.of("id_type", ColumnType.VARCHAR),
                Column.of("id_value", ColumnType.VARCHAR), Column.of("profile_id", ColumnType.VARCHAR)), true);
        wh.createTable("weft_audience_members", List.of(Column.of("audience_id", ColumnType.VARCHAR), Column.of("profile_id", ColumnType.VARCHAR),
                Column.of("split_group", ColumnType.VARCHAR), Column.of("computed_at", ColumnType.TIMESTAMP)), true);
        wh.createTable("profile_traits", List.of(Column.of("profile_id", ColumnType.VARCHAR), Column.of("email", ColumnType.VARCHAR)), true);
        for (int i = 1; i <= 5; i++) {
            wh.execute("INSERT INTO weft_id_graph VALUES (?, 'email', ?, ?), (?, 'user_id', ?, ?)",
                    i * 10, "p" + i + "@example.com", "p" + i, i * 10 + 1, "u" + i, "p" + i);
            wh.execute("INSERT INTO weft_audience_members VALUES ('all', ?, NULL, NULL)", "p" + i);
            wh.execute("INSERT INTO profile_traits VALUES (?, ?)", "p" + i, "p" + i + "@example.com");
        }
        wh.createTable("consent_events", List.of(Column.of("email", ColumnType.VARCHAR), Column.of("profile_id", ColumnType.VARCHAR),
                Column.of("purpose", ColumnType.VARCHAR), Column.of("status", ColumnType.VARCHAR),
                Column.of("changed_at", ColumnType.TIMESTAMP)), true);
        event(" P1@Example.com ", null, "email_marketing", "granted", "2026-01-01 00:00:00");
        event("p2@example.com", null, "email_marketing", "granted", "2026-01-01 00:00:00");
        event(null, "p3", "email_marketing", "Granted", "2026-01-01 00:00:00");
        event("p5@example.com", null, "email_marketing", "granted", "2026-01-01 00:00:00");
        // p4 never granted email_marketing; p5 is an employee.
        wh.createTable("employees", List.of(Column.of("work_email", ColumnType.VARCHAR)), true);
        wh.execute("INSERT INTO employees VALUES ('P5@example.com')");
        wh.createTable("competitor_domains", List.of(Column.of("domain", ColumnType.VARCHAR)), true);
        wh.execute("INSERT INTO competitor_domains VALUES ('@rival.com')");

        receiver = new FakeWebhookReceiver("secret");
        server = new MockWebServer();
        server.setDispatcher(receiver);
        server.start();
        h.connections.create("hook", "webhook", Map.of("url", server.url("/in").toString(), "requests-per-second", "1000"),
                Map.of("signing-secret", "secret"));
    }

    @AfterEach
    void tearDown() throws Exception {
        server.shutdown();
        h.close();
    }

    @Test
    void revokingConsentRemovesThePersonFromAMirrorSyncOnTheNextRun() throws Exception {
        h.writeSync("newsletter", """
                source: {audience: all}
                destination: {type: webhook, connection: hook}
                mode: mirror
                purpose: email_marketing
                mapping:
                  - {from: email, to: email}
                """);
        SyncExecutor.RunResult first = h.executor().run("newsletter", "manual");
        assertThat(first.error()).isNull();
        assertThat(first.planned()).isEqualTo(new SyncPlanner.PlanCounts(3, 0, 0, Map.of("no_consent", 1L, "suppressed:employees", 1L)));
        assertThat(receiver.held().keySet()).containsExactlyInAnyOrder("p1", "p2", "p3");

        // p2 revokes by email; p3 revoked by email before the profile-level grant: any identifier's revocation holds.
        event("p2@example.com", null, "email_marketing", "revoked", "2026-02-01 00:00:00");
        event("p3@example.com", null, "email_marketing", "revoked", "2025-12-01 00:00:00");
        // Another purpose's events change nothing here.
        event("p1@example.com", null, "ads_targeting", "revoked", "2026-02-01 00:00:00");
        SyncExecutor.RunResult second = h.executor().run("newsletter", "manual");
        assertThat(second.planned()).isEqualTo(new SyncPlanner.PlanCounts(0, 0, 2,
                Map.of("revoked", 2L, "no_consent", 1L, "suppressed:employees", 1L)));
        assertThat(receiver.held().keySet()).containsExactly("p1");
        assertThat(h.runs.find(second.runId()).orElseThrow().plannedWithheld())
                .isEqualTo(Map.of("revoked", 2L, "no_consent", 1L, "suppressed:employees", 1L));

        // Granted again, later: back in.
        event("p2@example.com", null, "email_marketing", "granted", "2026-03-01 00:00:00");
        assertThat(h.executor().run("newsletter", "manual").planned().added()).isEqualTo(1);
        assertThat(receiver.held().keySet()).containsExactlyInAnyOrder("p1", "p2");
    }

    @Test
    void anUpsertSyncSendsOnConsentLostOnceToAMemberWhoRevokes() throws Exception {
        h.writeSync("crm", """
                source: {audience: all}
                destination: {type: webhook, connection: hook}
                mode: upsert
                key: email
                purpose: email_marketing
                mapping:
                  - {from: email, to: email}
                  - {from: profile_id, to: weft_id}
                on_consent_lost:
                  fields: {email_opt_in: false}
                """);
        SyncExecutor.RunResult first = h.executor().run("crm", "manual");
        assertThat(first.error()).isNull();
        assertThat(first.planned()).isEqualTo(new SyncPlanner.PlanCounts(3, 0, 0, Map.of("no_consent", 1L, "suppressed:employees", 1L)));
        int sentBefore = receiver.accepted().size();

        event("p2@example.com", null, "email_marketing", "revoked", "2026-02-01 00:00:00");
        // The update is lost on its way back: applied, but the run cannot know, so the next run sends it again.
        receiver.loseAnswers(true);
        SyncExecutor.RunResult lost = h.executor().run("crm", "manual");
        assertThat(lost.planned()).isEqualTo(new SyncPlanner.PlanCounts(0, 1, 0,
                Map.of("revoked:updated", 1L, "no_consent", 1L, "suppressed:employees", 1L)));
        assertThat(lost.succeeded()).isZero();
        receiver.loseAnswers(false);
        SyncExecutor.RunResult second = h.executor().run("crm", "manual");
        assertThat(second.error()).isNull();
        assertThat(second.planned().changed()).isEqualTo(1);
        assertThat(h.runs.find(second.runId()).orElseThrow().plannedWithheld())
                .isEqualTo(Map.of("revoked:updated", 1L, "no_consent", 1L, "suppressed:employees", 1L));

        List<FakeWebhookReceiver.Accepted> updates = receiver.accepted().subList(sentBefore, receiver.accepted().size());
        assertThat(updates).extracting(FakeWebhookReceiver.Accepted::key).containsOnly("p2@example.com");
        assertThat(updates).extracting(FakeWebhookReceiver.Accepted::operation).containsOnly("change");
        // Only the given field, with the field mapped from the key as last sent: nothing else of the person.
        assertThat(updates).extracting(FakeWebhookReceiver.Accepted::fields)
                .containsOnly(Map.of("email", "p2@example.com", "email_opt_in", false));
        // The same change every time (the lost run's retries, the next run), under one idempotency key: the receiver
        // can tell it applied it already.
        assertThat(updates.size()).isGreaterThan(1);
        assertThat(updates).extracting(FakeWebhookReceiver.Accepted::idempotencyKey).doesNotContainNull().containsOnly(
                updates.get(0).idempotencyKey());

        SyncExecutor.RunResult third = h.executor().run("crm", "manual");
        assertThat(third.planned()).isEqualTo(new SyncPlanner.PlanCounts(0, 0, 0,
                Map.of("revoked", 1L, "no_consent", 1L, "suppressed:employees", 1L)));
        assertThat(receiver.accepted()).hasSize(sentBefore + updates.size());

        // Granted again, later: updated with what is mapped, as any member whose values changed.
        event("p2@example.com", null, "email_marketing", "granted", "2026-03-01 00:00:00");
        SyncExecutor.RunResult back = h.executor().run("crm", "manual");
        assertThat(back.planned()).isEqualTo(new SyncPlanner.PlanCounts(0, 1, 0, Map.of("no_consent", 1L, "suppressed:employees", 1L)));
        assertThat(receiver.held().get("p2@example.com")).isEqualTo(Map.of("email", "p2@example.com", "weft_id", "p2"));
    }

    @Test
    void withoutOnConsentLostAnUpsertSyncCountsTheMembersItNoLongerUpdates() throws Exception {
        h.writeSync("crm", """
                source: {audience: all}
                destination: {type: webhook, connection: hook}
                mode: upsert
                purpose: email_marketing
                mapping:
                  - {from: email, to: email}
                """);
        assertThat(h.executor().run("crm", "manual").planned().added()).isEqualTo(3);
        int sentBefore = receiver.accepted().size();
        event("p2@example.com", null, "email_marketing", "revoked", "2026-02-01 00:00:00");
        SyncExecutor.DryRun dry = h.executor().plan("crm", 5);
        assertThat(dry.counts()).isEqualTo(new SyncPlanner.PlanCounts(0, 0, 0,
                Map.of("revoked:no_longer_updated", 1L, "no_consent", 1L, "suppressed:employees", 1L)));
        assertThat(dry.counts().withheldText()).isEqualTo("withheld 3 (no_consent 1, revoked:no_longer_updated 1, suppressed:employees 1)");
        assertThat(h.executor().run("crm", "manual").planned()).isEqualTo(dry.counts());
        assertThat(receiver.accepted()).hasSize(sentBefore);
        assertThat(receiver.held()).containsKey("p2");
    }

    @Test
    void aModelSyncFindsItsRowsPeopleThroughTheirIdentifiers() throws Exception {
        wh.createTable("contacts", List.of(Column.of("contact_id", ColumnType.VARCHAR), Column.of("email", ColumnType.VARCHAR)), true);
        wh.execute("INSERT INTO contacts VALUES ('c1', 'p1@example.com'), ('c2', 'buyer@rival.com'), ('c3', ' P4@EXAMPLE.com'),"
                + " ('c4', 'someone@else.com'), ('c5', NULL), ('c6', 'p6@example.com')");
        // p6's other email is at a competitor's domain: c6 is suppressed through identity.
        wh.execute("INSERT INTO weft_id_graph VALUES (60, 'email', 'p6@example.com', 'p6'), (61, 'email', 'p6@rival.com', 'p6')");
        event(null, "p4", "ads_targeting", "revoked", "2026-01-01 00:00:00");
        h.writeSync("ads", """
                source: {model: contacts, identifiers: {email: email}}
                destination: {type: webhook, connection: hook}
                mode: upsert
                key: contact_id
                purpose: ads_targeting
                mapping:
                  - {from: email, to: email}
                """);
        SyncExecutor.RunResult run = h.executor().run("ads", "manual");
        assertThat(run.error()).isNull();
        // opt_out: sent unless revoked (c4 and c5 have no event); c3 is p4 through identity; c2 a competitor, and c6 too
        // through its person's other email.
        assertThat(run.planned()).isEqualTo(new SyncPlanner.PlanCounts(3, 0, 0, Map.of("revoked", 1L, "suppressed:competitors", 2L)));
        assertThat(receiver.held().keySet()).containsExactlyInAnyOrder("c1", "c4", "c5");
    }

    @Test
    void aSyncWithoutAPurposeIsRefusedOnceConsentIsDeclared() throws Exception {
        h.writeSync("nopurpose", """
                source: {audience: all}
                destination: {type: webhook, connection: hook}
                mapping:
                  - {from: email, to: email}
                """);
        assertThatThrownBy(() -> h.executor().plan("nopurpose", 0)).isInstanceOf(WeftException.class)
                .hasMessageContaining("sync 'nopurpose': give the sync a purpose (one of [ads_targeting, email_marketing])");
        h.writeSync("nopurpose", """
                source: {audience: all}
                destination: {type: webhook, connection: hook}
                purpose: sms
                mapping:
                  - {from: email, to: email}
                """);
        assertThatThrownBy(() -> h.executor().plan("nopurpose", 0)).isInstanceOf(WeftException.class)
                .hasMessageContaining("purpose 'sms' is not declared in consent/*.yml");
        assertThat(receiver.requests()).isZero();
    }

    @Test
    void aDryRunCountsWhatItWithholds() throws Exception {
        h.writeSync("newsletter", """
                source: {audience: all}
                destination: {type: webhook, connection: hook}
                mode: mirror
                purpose: email_marketing
                mapping:
                  - {from: email, to: email}
                """);
        SyncExecutor.DryRun dry = h.executor().plan("newsletter", 5);
        assertThat(dry.counts().withheld()).containsExactlyInAnyOrderEntriesOf(Map.of("no_consent", 1L, "suppressed:employees", 1L));
        assertThat(dry.counts().withheldTotal()).isEqualTo(2);
        assertThat(wh.listTables()).noneMatch(t -> t.startsWith("weft_tmp_consent_"));
    }

    private void event(String email, String profileId, String purpose, String status, String at) {
        wh.execute("INSERT INTO consent_events VALUES (?, ?, ?, ?, CAST(? AS TIMESTAMP))", email, profileId, purpose, status, at);
    }

    private void write(String path, String text) throws Exception {
        Path file = dir().resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
