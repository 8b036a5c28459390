package dev.weft.syncs;

import dev.weft.audiences.AudienceRuns;
import dev.weft.audiences.AudienceSchemaCache;
import dev.weft.demo.DemoSeeder;
import dev.weft.demo.DemoWorkspace;
import dev.weft.destinations.webhook.FakeWebhookReceiver;
import dev.weft.destinations.webhook.FakeWebhookReceiver.Accepted;
import dev.weft.identity.IdentityPipeline;
import dev.weft.identity.IdentityService;
import dev.weft.models.ModelRunner;
import dev.weft.models.RunOptions;
import dev.weft.models.RunSummary;
import dev.weft.models.Selection;
import dev.weft.testing.QuietProgress;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.Warehouses;
import io.micronaut.context.ApplicationContext;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identity changes reach destinations, end to end on a real warehouse: the demo's seeder, models and
 * identity config, an audience and a mirror sync to a webhook receiver. Late raw rows then link two
 * pairs of profiles that are both in the audience (CRM contacts giving a customer's email to another,
 * signed-in, account; the demo allows one user_id per profile, so the merged-away profiles are ones
 * that never signed in). After
 * the scheduled steps run again (models, incremental identity, models over identity, audience, sync),
 * the destination gets exactly one remove per merged-away profile, carrying the identifiers it was last
 * sent, the surviving profiles stay (changed only when their mapped fields changed), and nothing else
 * is sent. One subclass per engine.
 */
abstract class ProfileMergeSyncContract {

    private static final long PEOPLE = 300;
    private static final String AUDIENCE = "with-email";
    private static final String SYNC = "with_email_mirror";
    private static final String SECRET = "merge-s3cret";

    @TempDir
    Path dir;
    private ApplicationContext context;
    private Warehouse wh;
    private MockWebServer server;
    private FakeWebhookReceiver receiver;

    /** Properties naming the warehouse under test (none: the workspace's embedded DuckDB). */
    protected abstract Map<String, Object> warehouseProperties();

    private record Profile(String id, long identifiers, String userId, String email, String anonymousId) {
    }

    @BeforeEach
    void setUp() throws Exception {
        write("audiences/" + AUDIENCE + ".json", """
                {"name": "Profiles with an email",
                 "conditions": [{"type": "trait", "column": "email", "operator": "is_set"}]}
                """);
        write("syncs/" + SYNC + ".yml", """
                source: {audience: %s}
                destination: {type: webhook, connection: hook}
                mode: mirror
                mapping:
                  - {from: email, to: email, transforms: [trim, lower]}
                  - {from: email, to: email_sha256, transforms: [trim, lower, sha256]}
                  - {from: country, to: country}
                """.formatted(AUDIENCE));
        DemoWorkspace.install(dir); // the demo's models, macros and identity-graph/ (audiences/ and syncs/ are ours)
        Map<String, Object> props = new HashMap<>(warehouseProperties());
        props.put("weft.workspace", dir.toString());
        props.put("weft.master-key", SyncHarness.MASTER_KEY);
        props.put("weft.models.threads", 2);
        context = ApplicationContext.builder().properties(props).start();
        Warehouses warehouses = context.getBean(Warehouses.class);
        wh = warehouses.create(warehouses.primaryName()); // a fresh workspace: as 'weft warehouse init' would
        receiver = new FakeWebhookReceiver(SECRET);
        server = new MockWebServer();
        server.setDispatcher(receiver);
        server.start();
        context.getBean(Connections.class).create("hook", "webhook", Map.of("url", server.url("/weft").toString(),
                "max-batch-size", "50", "requests-per-second", "1000"), Map.of("signing-secret", SECRET));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (server != null) {
            server.shutdown();
        }
        if (context != null) {
            context.close();
        }
    }

    @Test
    void aMergeRemovesTheMergedAwayProfileWithItsIdentifiersAndSendsNothingElse() {
        DemoSeeder.seed(wh, PEOPLE, 42, false, new QuietProgress());
        IdentityPipeline.Result firstIdentity = scheduledRun();
        assertThat(firstIdentity.full()).isTrue();
        SyncExecutor.RunResult first = context.getBean(SyncExecutor.class).run(SYNC, "manual");
        assertThat(first.status()).as(String.valueOf(first.error())).isEqualTo(SyncRuns.Status.SUCCEEDED);
        Map<String, Map<String, Object>> sentFirst = byKey(first.runId(), "add");
        assertThat(sentFirst).hasSize((int) audienceSize()).isEqualTo(expectedAtDestination());

        // Survivors have strictly more identifiers than the profiles merged into them (the stable-ID rule).
        // The merged-away ones are not signed in: the demo config allows one user_id per profile, so
        // two signed-in profiles would be kept apart, not merged.
        List<Profile> members = members();
        List<Profile> survivors = members.stream().filter(p -> p.userId() != null).limit(2).toList();
        List<Profile> mergedAway = new ArrayList<>();
        for (int i = members.size() - 1; i >= 0 && mergedAway.size() < 2; i--) {
            Profile p = members.get(i);
            if (p.email() != null && p.userId() == null && !survivors.contains(p)) {
                mergedAway.add(p);
            }
        }
        assertThat(survivors).hasSize(2);
        assertThat(mergedAway).hasSize(2);
        Profile a1 = survivors.get(0);
        Profile a2 = survivors.get(1);
        Profile b1 = mergedAway.get(0);
        Profile b2 = mergedAway.get(1);
        assertThat(List.of(a1.identifiers(), a2.identifiers())).allMatch(n -> n > Math.max(b1.identifiers(), b2.identifiers()));

        // The CRM learns that b1's email belongs to a1's account: the newest contact of a1 now carries b1's email.
        wh.execute("INSERT INTO raw_contacts (contact_id, email, phone, user_id, first_name, last_name, country, plan, created_at, updated_at)"
                + " SELECT 'c-late-merge', ?, NULL, ?, 'Late', 'Record', 'FR', 'pro', MAX(updated_at) + INTERVAL '1 day',"
                + " MAX(updated_at) + INTERVAL '1 day' FROM raw_contacts", b1.email(), a1.userId());
        // Likewise b2's email turns out to belong to a2's account.
        wh.execute("INSERT INTO raw_contacts (contact_id, email, phone, user_id, first_name, last_name, country, plan, created_at, updated_at)"
                + " SELECT 'c-late-merge-2', ?, NULL, ?, 'Late', 'Record', 'FR', 'pro', MAX(updated_at) + INTERVAL '1 day',"
                + " MAX(updated_at) + INTERVAL '1 day' FROM raw_contacts", b2.email(), a2.userId());

        IdentityPipeline.Result identity = scheduledRun();
        assertThat(identity.full()).as("a scheduled run is incremental").isFalse();
        assertThat(identity.changes()).containsEntry("MERGE", 2L);
        assertThat(wh.queryList("SELECT old_profile_ids, new_profile_id FROM weft_profile_changes WHERE run_id = ? AND change = 'MERGE'",
                List.of(identity.runId()), r -> r.getString(0) + " -> " + r.getString(1)))
                .containsExactlyInAnyOrder(merge(a1, b1), merge(a2, b2));
        assertThat(members()).extracting(Profile::id).contains(a1.id(), a2.id()).doesNotContain(b1.id(), b2.id());

        receiver.slowDown("remove", Duration.ofMillis(500)); // a remove sent alongside the change would land after it
        SyncExecutor.RunResult second = context.getBean(SyncExecutor.class).run(SYNC, "manual");
        assertThat(second.status()).as(String.valueOf(second.error())).isEqualTo(SyncRuns.Status.SUCCEEDED);
        Map<String, Map<String, Object>> expected = expectedAtDestination();
        // Exactly one remove per merged-away profile, carrying the fields last sent (its email, hashed too),
        // so a list destination that removes by email can.
        assertThat(byKey(second.runId(), "remove")).isEqualTo(Map.of(b1.id(), sentFirst.get(b1.id()), b2.id(), sentFirst.get(b2.id())));
        assertThat(sentFirst.get(b1.id())).containsEntry("email", b1.email()).containsEntry("email_sha256", sha256(b1.email()));
        // Survivors are changed exactly when their mapped fields changed; nothing else is sent.
        Map<String, Map<String, Object>> changedNow = new HashMap<>();
        for (Profile a : survivors) {
            if (!expected.get(a.id()).equals(sentFirst.get(a.id()))) {
                changedNow.put(a.id(), expected.get(a.id()));
            }
        }
        assertThat(changedNow).containsKey(a1.id()); // a1's newest contact gave it b1's email
        assertThat(expected.get(a1.id())).containsEntry("email", b1.email());
        assertThat(byKey(second.runId(), "change")).isEqualTo(changedNow);
        assertThat(receiver.accepted()).filteredOn(r -> r.runId().equals(second.runId())).hasSize(2 + changedNow.size());
        assertThat(second.planned()).isEqualTo(new SyncPlanner.PlanCounts(0, changedNow.size(), 2));
        // The removes went first: a destination keyed by email that applied a1's change (email b1) before
        // b1's remove (email b1) would drop the survivor's email from the list.
        List<String> order = receiver.accepted().stream().filter(r -> r.runId().equals(second.runId())).map(Accepted::operation).toList();
        assertThat(order.subList(0, 2)).containsOnly("remove");
        assertThat(emailList()).contains(b1.email());

        assertThat(receiver.held()).isEqualTo(asText(expected));
        assertThat(receiver.accepted()).filteredOn(r -> r.operation().equals("remove")).extracting(Accepted::key)
                .containsExactlyInAnyOrder(b1.id(), b2.id());
        assertThat(context.getBean(SyncExecutor.class).run(SYNC, "manual").planned()).isEqualTo(new SyncPlanner.PlanCounts(0, 0, 0));
    }

    /** What a schedule runs after new raw data: models, identity (incremental after the first), models over identity, audiences. */
    private IdentityPipeline.Result scheduledRun() {
        ModelRunner models = context.getBean(ModelRunner.class);
        RunSummary before = models.run(RunOptions.of(Selection.excluding("source:weft+")));
        assertThat(before.ok()).as(before.toString()).isTrue();
        IdentityPipeline.Result identity = context.getBean(IdentityService.class).run(false, m -> { });
        RunSummary after = models.run(RunOptions.of(Selection.of("source:weft+")));
        assertThat(after.ok()).as(after.toString()).isTrue();
        context.getBean(AudienceSchemaCache.class).refresh();
        context.getBean(AudienceRuns.class).run(List.of(AUDIENCE));
        return identity;
    }

    /**
     * The audience's members, most identifiers first; email is the profile's traits email when it is
     * one of the profile's own identifiers (a blocklisted CRM email such as test@test.com is not).
     */
    private List<Profile> members() {
        return wh.queryList("SELECT p.profile_id, p.identifier_count, p.primary_user_id,"
                + " (SELECT MIN(g.id_value) FROM weft_id_graph g WHERE g.profile_id = p.profile_id AND g.id_type = 'email'"
                + "   AND g.id_value = t.email),"
                + " (SELECT MIN(g.id_value) FROM weft_id_graph g WHERE g.profile_id = p.profile_id AND g.id_type = 'anonymous_id')"
                + " FROM weft_audience_members m JOIN weft_profiles p ON p.profile_id = m.profile_id"
                + " JOIN profile_traits t ON t.profile_id = m.profile_id WHERE m.audience_id = ?"
                + " ORDER BY p.identifier_count DESC, p.profile_id", List.of(AUDIENCE),
                r -> new Profile(r.getString(0), r.getLong(1), r.getString(2), r.getString(3), r.getString(4)));
    }

    private long audienceSize() {
        return wh.queryLong("SELECT COUNT(*) FROM weft_audience_members WHERE audience_id = ?", AUDIENCE).orElseThrow();
    }

    /** The audience's members mapped as the sync maps them: what a mirror destination must hold. */
    private Map<String, Map<String, Object>> expectedAtDestination() {
        Map<String, Map<String, Object>> out = new HashMap<>();
        wh.query("SELECT m.profile_id, lower(trim(t.email)), t.country FROM weft_audience_members m"
                + " JOIN profile_traits t ON t.profile_id = m.profile_id WHERE m.audience_id = ?", List.of(AUDIENCE), r -> {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    fields.put("email", r.getString(1));
                    fields.put("email_sha256", r.getString(1) == null ? null : sha256(r.getString(1)));
                    fields.put("country", r.getString(2));
                    out.put(r.getString(0), fields);
                });
        return out;
    }

    /** The records of one operation a run delivered, by key (each key at most once). */
    private Map<String, Map<String, Object>> byKey(String runId, String operation) {
        return receiver.accepted().stream().filter(r -> r.runId().equals(runId) && r.operation().equals(operation))
                .collect(Collectors.toMap(Accepted::key, Accepted::fields));
    }

    /** A list destination that keys members by email: adds and changes add the email, removes remove it. */
    private Set<String> emailList() {
        Set<String> emails = new HashSet<>();
        for (Accepted r : receiver.accepted()) {
            String email = (String) r.fields().get("email");
            if (r.operation().equals("remove")) {
                emails.remove(email);
            } else {
                emails.add(email);
            }
        }
        return emails;
    }

    private static String merge(Profile survivor, Profile merged) {
        List<String> ids = new ArrayList<>(List.of(survivor.id(), merged.id()));
        ids.sort(null);
        return String.join(",", ids) + " -> " + survivor.id();
    }

    /** The receiver holds field values as text. */
    private static Map<String, Map<String, Object>> asText(Map<String, Map<String, Object>> records) {
        Map<String, Map<String, Object>> out = new HashMap<>();
        records.forEach((key, fields) -> {
            Map<String, Object> text = new LinkedHashMap<>();
            fields.forEach((k, v) -> text.put(k, v == null ? null : Objects.toString(v)));
            out.put(key, text);
        });
        return out;
    }

    private static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void write(String file, String text) throws Exception {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
