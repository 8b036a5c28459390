package dev.weft.pipeline;

import dev.weft.audit.Actor;
import dev.weft.demo.DemoSeeder;
import dev.weft.demo.DemoWorkspace;
import dev.weft.destinations.webhook.FakeWebhookReceiver;
import dev.weft.identity.DeletionRequests;
import dev.weft.identity.IdentityService;
import dev.weft.consent.ConsentFilter;
import dev.weft.syncs.Connections;
import dev.weft.syncs.SyncExecutor;
import dev.weft.syncs.SyncScheduler;
import dev.weft.syncs.SyncStates;
import dev.weft.testing.DemoSends;
import dev.weft.testing.QuietProgress;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseNames;
import dev.weft.warehouse.Warehouses;
import dev.weft.cli.WeftCommand;
import io.micronaut.configuration.picocli.MicronautFactory;
import io.micronaut.context.ApplicationContext;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deletion request end to end on the demo workspace, through pipeline runs: forgetting the email of a signed-in
 * member of an audience a mirror sync sends to a webhook receiver removes their record there with the email last
 * sent, though the profile keeps its ID through its user_id and stays in the audience (it comes back without the
 * email); the request survives a full identity run and a re-seed of the same data; a row bringing the email again
 * is dropped; lifting the request brings the email back. A mirror of a model's rows that carry the email (which identity
 * cannot take from them) withholds those rows while the request is held, so its destination loses them too; an upsert
 * of them sends nothing more for them and drops their last payloads from its state, then sends them as new records once
 * the request is lifted. One subclass per engine.
 */
abstract class DeletionRequestContract {

    @TempDir
    Path dir;
    private ApplicationContext context;
    private Warehouse wh;
    private Pipeline pipeline;
    private IdentityService identity;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Properties naming the warehouse under test (none: the workspace's embedded DuckDB). */
    protected abstract Map<String, Object> warehouseProperties();

    @BeforeEach
    void setUp() throws Exception {
        DemoWorkspace.install(dir);
        Files.writeString(dir.resolve("audiences/with-country.json"),
                "{\"name\": \"With a country\", \"conditions\": [{\"type\": \"trait\", \"column\": \"country\", \"operator\": \"is_set\"}]}");
        // Not about consent: the demo's purposes stay, opted out, so consent withholds no one the test follows.
        Files.writeString(dir.resolve("consent/consent.yml"), "purposes: {email_marketing: opt_out, ads_targeting: opt_out}\n");
        Files.writeString(dir.resolve("syncs/with_country_mirror.yml"), """
                source: {audience: with-country}
                destination: {type: webhook, connection: hook}
                mode: mirror
                purpose: email_marketing
                mapping:
                  - {from: email, to: email}
                  - {from: country, to: country}
                """);
        // A mirror of a model's rows, which keep the email whatever identity does: the request withholds them.
        Files.writeString(dir.resolve("syncs/contacts_mirror.yml"), """
                source: {model: raw_contacts, identifiers: {email: email}}
                destination: {type: file, connection: demo_files}
                mode: mirror
                key: contact_id
                purpose: email_marketing
                mapping:
                  - {from: email, to: email, transforms: [trim, lower]}
                """);
        // An upsert of the same rows: it never removes, so only its state would keep the email it sent.
        Files.writeString(dir.resolve("syncs/contacts_upsert.yml"), """
                source: {model: raw_contacts, identifiers: {email: email}}
                destination: {type: file, connection: demo_files}
                mode: upsert
                key: contact_id
                purpose: email_marketing
                mapping:
                  - {from: email, to: email, transforms: [trim, lower]}
                """);
        Map<String, Object> props = new HashMap<>(warehouseProperties());
        props.put("weft.workspace", dir.toString());
        props.put("weft.master-key", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        props.put("weft.models.threads", 2);
        props.put("weft.destinations.file.root", dir.toString());
        context = ApplicationContext.builder().properties(props).start();
        Warehouses warehouses = context.getBean(Warehouses.class);
        wh = warehouses.create(warehouses.primaryName());
        context.getBean(Connections.class).create("demo_files", "file", Map.of("path", "demo-output", "format", "jsonl"), Map.of());
        DemoSeeder.seed(wh, 300, 42, false, new QuietProgress());
        pipeline = context.getBean(Pipeline.class);
        identity = context.getBean(IdentityService.class);
    }

    @AfterEach
    void tearDown() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void aForgottenEmailLeavesTheDestinationStaysOutAndComesBackWhenLifted() throws Exception {
        FakeWebhookReceiver receiver = new FakeWebhookReceiver("forget-s3cret");
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(receiver);
            server.start();
            context.getBean(Connections.class).create("hook", "webhook", Map.of("url", server.url("/weft").toString(),
                    "max-batch-size", "500", "requests-per-second", "1000"), Map.of("signing-secret", "forget-s3cret"));
            run("the first run");

            // A signed-in member whose one email is what the receiver holds for them.
            List<String[]> candidates = wh.queryList("SELECT p.profile_id, p.primary_email FROM weft_profiles p"
                    + " JOIN weft_audience_members m ON m.profile_id = p.profile_id AND m.audience_id = ?"
                    + " WHERE p.primary_user_id IS NOT NULL AND p.email_count = 1 ORDER BY p.profile_id", List.of("with-country"),
                    r -> new String[]{r.getString(0), r.getString(1)});
            String[] member = candidates.stream().filter(c -> c[1].equals(heldEmail(receiver, c[0]))).findFirst().orElseThrow();
            String profile = member[0];
            String email = member[1];

            assertThat(runContactsMirror().planned().withheld()).as("no request held: nothing withheld").isEmpty();
            assertThat(DemoSends.sentEmails(dir, "contacts_mirror")).containsValue(email);
            runSync("contacts_upsert");
            assertThat(DemoSends.sentEmails(dir, "contacts_upsert")).containsValue(email);
            List<String> contacts = wh.queryList("SELECT contact_id FROM raw_contacts WHERE lower(trim(email)) = ?", List.of(email),
                    r -> r.getString(0));
            assertThat(upsertStateHolding(email, contacts)).as("the upsert's state holds what it sent").isEqualTo(contacts.size());

            DeletionRequests.DeletionRequest request = Actor.cli().actFor(() -> identity.forget("email", email.toUpperCase()));
            assertThat(request.status()).isEqualTo("pending");
            assertThat(request.valueSha256()).isEqualTo(WarehouseNames.sha256Hex(email));
            assertThat(identity.forget("email", " " + email)).as("a second request for a held identifier is the same").isEqualTo(request);

            PipelineRun applied = run("the run after the request");
            assertThat(applied.assets()).filteredOn(r -> r.asset().equals("identity")).singleElement()
                    .satisfies(r -> assertThat(r.reason()).isEqualTo("deletion requests changed"));
            assertThat(identityHolds(email)).isFalse();
            assertThat(members()).as("the profile keeps its ID through its user_id, and its country").contains(profile);
            assertThat(receiver.accepted()).filteredOn(a -> a.key().equals(profile) && a.operation().equals("remove"))
                    .singleElement().satisfies(a -> assertThat(a.fields()).containsEntry("email", email));
            assertThat(receiver.held()).doesNotContainKey(profile);
            // The model's mirror removes the rows with the email on its next run, and sends them no more.
            SyncExecutor.RunResult withheld = runContactsMirror();
            assertThat(withheld.planned().withheld()).containsOnlyKeys(ConsentFilter.FORGOTTEN);
            assertThat(withheld.planned().removed()).isEqualTo(withheld.planned().withheld().get(ConsentFilter.FORGOTTEN)).isPositive();
            assertThat(DemoSends.sentEmails(dir, "contacts_mirror")).doesNotContainValue(email).isNotEmpty();
            // The upsert sends nothing for them and drops their last payloads from its state, once.
            SyncExecutor.RunResult dropped = runSync("contacts_upsert");
            assertThat(dropped.planned().withheld()).containsOnlyKeys(ConsentFilter.FORGOTTEN + ":dropped")
                    .containsEntry(ConsentFilter.FORGOTTEN + ":dropped", (long) contacts.size());
            assertThat(dropped.planned().total()).isZero();
            assertThat(sentInRun("contacts_upsert", dropped)).doesNotContain(email);
            assertThat(upsertStateHolding(email, contacts)).as("no state row with the email, nor of its rows").isZero();
            SyncExecutor.RunResult stillHeld = runSync("contacts_upsert");
            assertThat(stillHeld.planned().withheld()).as("nothing left to drop").containsOnlyKeys(ConsentFilter.FORGOTTEN)
                    .containsEntry(ConsentFilter.FORGOTTEN, (long) contacts.size());
            assertThat(sentInRun("contacts_upsert", stillHeld)).doesNotContain(email);
            DeletionRequests.DeletionRequest done = context.getBean(DeletionRequests.class).get(request.id()).orElseThrow();
            assertThat(done.status()).isEqualTo("applied");
            assertThat(done.identifiersRemoved()).isEqualTo(1L);
            assertThat(done.profilesAffected()).isEqualTo(1L);
            assertThat(done.requestedBy()).isEqualTo(Actor.cli().name());

            assertThat(pipeline.run("test", null, r -> { }).assets()).as("nothing stale: the request is applied")
                    .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(AssetResult.Outcome.SKIPPED));
            // The sync's next run (on its schedule, or the pipeline's when the audience changes) sends them again.
            context.getBean(SyncScheduler.class).runNow("with_country_mirror", "test", p -> { }).orElseThrow();
            assertThat(receiver.held()).as("back, without the email").containsKey(profile);
            assertThat(receiver.held().get(profile).get("email")).isNotEqualTo(email);

            // Held through a full run and a re-seed of the same data (each checked on its own: a later incremental run
            // would quarantine the email again and hide a full run that had let it back), and a new row bringing it again.
            identity.run(true, m -> { });
            assertThat(identityHolds(email)).as("after a full rebuild").isFalse();
            assertThat(tombstoned(email)).isTrue();
            DemoSeeder.seed(wh, 300, 42, false, new QuietProgress());
            assertThat(wh.queryLong("SELECT count(*) FROM raw_contacts WHERE lower(trim(email)) = ?", email).orElseThrow())
                    .as("the re-seed brings the email's rows again").isPositive();
            identity.run(true, m -> { });
            assertThat(identityHolds(email)).as("after a re-seed of the same data and a full rebuild").isFalse();
            assertThat(context.getBean(DeletionRequests.class).get(request.id()).orElseThrow().status()).isEqualTo("applied");
            wh.execute("INSERT INTO raw_contacts (contact_id, email, user_id, country, updated_at) SELECT 'forget-again', ?, "
                    + "'forget-new-user', 'US', max(updated_at) + INTERVAL '1 second' FROM raw_contacts", email);
            run("the run after the email came again");
            assertThat(identityHolds(email)).isFalse();
            assertThat(wh.queryLong("SELECT count(*) FROM weft_id_graph WHERE id_type = 'user_id' AND id_value = 'forget-new-user'"))
                    .as("the rest of the row is kept").contains(1L);
            assertThat(receiver.held().values()).noneSatisfy(f -> assertThat(f.get("email")).isEqualTo(email));
            assertThat(runContactsMirror().planned().withheld().get(ConsentFilter.FORGOTTEN)).as("the new row too")
                    .isEqualTo(withheld.planned().withheld().get(ConsentFilter.FORGOTTEN) + 1);
            assertThat(DemoSends.sentEmails(dir, "contacts_mirror")).doesNotContainValue(email);
            SyncExecutor.RunResult afterReseed = runSync("contacts_upsert");
            assertThat(sentInRun("contacts_upsert", afterReseed)).doesNotContain(email);
            assertThat(upsertStateHolding(email, contacts)).as("after the re-seed and the new row").isZero();

            assertThat(weft("identity", "lift", "email:" + email)).as(err.toString()).isZero();
            assertThat(out.toString()).startsWith("deletion request " + request.id() + " lifted");
            assertThat(context.getBean(DeletionRequests.class).get(request.id()).orElseThrow().status()).isEqualTo("lifted");
            assertThat(weft("identity", "lift", "email:" + email)).isEqualTo(1);
            assertThat(err.toString()).contains("no deletion request is held for email:" + email);
            PipelineRun afterLift = run("the run after the lift");
            assertThat(afterLift.assets()).filteredOn(r -> r.asset().equals("identity")).singleElement()
                    .satisfies(r -> assertThat(r.reason()).isEqualTo("deletion requests changed"));
            assertThat(identityHolds(email)).isTrue();
            assertThat(receiver.held().values()).anySatisfy(f -> assertThat(f.get("email")).isEqualTo(email));
            assertThat(runContactsMirror().planned().withheld()).isEmpty();
            assertThat(DemoSends.sentEmails(dir, "contacts_mirror")).containsValue(email);
            SyncExecutor.RunResult resent = runSync("contacts_upsert");
            assertThat(resent.planned().withheld()).isEmpty();
            assertThat(resent.planned().added()).as("its rows are new records again, the new row with them")
                    .isGreaterThanOrEqualTo(contacts.size() + 1L);
            assertThat(sentInRun("contacts_upsert", resent)).contains(email);
            assertThat(upsertStateHolding(email, contacts)).isEqualTo(contacts.size() + 1);
        }
    }

    /** The upsert sync's state rows whose payload holds {@code email} or whose key is one of {@code contacts}. */
    private long upsertStateHolding(String email, List<String> contacts) {
        String state = context.getBean(SyncStates.class).recordedTable("contacts_upsert").orElseThrow();
        List<String> keys = wh.queryList("SELECT record_key FROM " + wh.dialect().ident(state) + " WHERE payload LIKE ?",
                List.of("%" + email + "%"), r -> r.getString(0));
        long byKey = wh.queryList("SELECT record_key FROM " + wh.dialect().ident(state), List.of(), r -> r.getString(0)).stream()
                .filter(contacts::contains).count();
        assertThat(byKey).as("the rows keyed by the email's contacts are those holding it").isEqualTo(keys.stream()
                .filter(contacts::contains).count());
        return keys.size();
    }

    /** What one run of a file sync wrote (its run file), or nothing. */
    private String sentInRun(String sync, SyncExecutor.RunResult run) throws java.io.IOException {
        Path file = dir.resolve("demo-output").resolve(sync).resolve("runs").resolve(run.runId() + ".jsonl");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** Runs a command as the CLI does, into {@link #out} and {@link #err}; returns its exit code. */
    private int weft(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = WeftCommand.commandLine(new MicronautFactory(context));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println("error: " + ex.getMessage());
            return 1;
        });
        return cli.execute(args);
    }

    private SyncExecutor.RunResult runContactsMirror() {
        return runSync("contacts_mirror");
    }

    private SyncExecutor.RunResult runSync(String sync) {
        SyncExecutor.RunResult result = context.getBean(SyncScheduler.class).runNow(sync, "test", p -> { }).orElseThrow();
        assertThat(result.status()).as(String.valueOf(result.error())).isEqualTo(dev.weft.syncs.SyncRuns.Status.SUCCEEDED);
        return result;
    }

    private PipelineRun run(String what) {
        PipelineRun run = pipeline.run("test", null, r -> { });
        assertThat(run.status()).as(what + ": " + run.error() + "\n"
                + run.assets().stream().map(PipelineCommand::line).collect(Collectors.joining("\n"))).isEqualTo(PipelineRun.SUCCEEDED);
        return run;
    }

    private boolean identityHolds(String email) {
        return wh.queryLong("SELECT count(*) FROM weft_id_graph WHERE id_type = 'email' AND id_value = ?", email).orElseThrow() > 0;
    }

    private boolean tombstoned(String email) {
        return wh.queryLong("SELECT count(*) FROM weft_id_deletions WHERE id_type = 'email' AND id_value = ?", email).orElseThrow() > 0;
    }

    private static String heldEmail(FakeWebhookReceiver receiver, String profile) {
        Map<String, Object> fields = receiver.held().get(profile);
        return fields == null ? null : (String) fields.get("email");
    }

    private List<String> members() {
        return wh.queryList("SELECT profile_id FROM weft_audience_members WHERE audience_id = ?", List.of("with-country"), r -> r.getString(0));
    }
}
