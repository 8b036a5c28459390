package dev.weft.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.alerts.AlertSecrets;
import dev.weft.alerts.Alerts;
import dev.weft.alerts.AlertsConfig;
import dev.weft.demo.DemoSeeder;
import dev.weft.demo.DemoWorkspace;
import dev.weft.destinations.webhook.FakeWebhookReceiver;
import dev.weft.models.Freshness;
import dev.weft.models.SourceFreshnessListener;
import dev.weft.store.CredentialVault;
import dev.weft.store.Store;
import dev.weft.syncs.Connections;
import dev.weft.syncs.SyncDefinitions;
import dev.weft.syncs.SyncJobs;
import dev.weft.syncs.SyncRuns;
import dev.weft.testing.DemoSends;
import dev.weft.testing.QuietProgress;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.Warehouses;
import io.micronaut.context.ApplicationContext;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline on the demo workspace (its models, identity graph, audiences and syncs to the file destination)
 * over 300 seeded people, on a real warehouse: the DAG's shape, a first run building everything, a second
 * skipping everything with reasons, appended raw rows rebuilding exactly what reads them, and a failing model
 * stopping only its downstream. One subclass per engine.
 */
abstract class PipelineContract {

    /** The schedule of the end-to-end test; the other tests that start the triggers look at the poll's runs only. */
    private static final String SCHEDULE = "5s";

    @TempDir
    Path dir;
    private ApplicationContext context;
    private Warehouse wh;
    private Pipeline pipeline;
    /** The texts a local Slack-like receiver got from the source_freshness alert rule. */
    private final List<String> alerted = new CopyOnWriteArrayList<>();
    private MockWebServer alertReceiver;

    /** Properties naming the warehouse under test (none: the workspace's embedded DuckDB). */
    protected abstract Map<String, Object> warehouseProperties();

    @BeforeEach
    void setUp() throws Exception {
        DemoWorkspace.install(dir);
        Map<String, Object> props = new HashMap<>(warehouseProperties());
        props.put("weft.workspace", dir.toString());
        props.put("weft.master-key", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        props.put("weft.models.threads", 2);
        props.put("weft.destinations.file.root", dir.toString());
        props.put("weft.pipeline.poll-interval", "1s");
        props.put("weft.pipeline.schedule", SCHEDULE);
        context = ApplicationContext.builder().properties(props).start();
        Warehouses warehouses = context.getBean(Warehouses.class);
        wh = warehouses.create(warehouses.primaryName());
        context.getBean(Connections.class).create("demo_files", "file", Map.of("path", "demo-output", "format", "jsonl"), Map.of());
        DemoSeeder.seed(wh, 300, 42, false, new QuietProgress());
        startAlertReceiver();
        pipeline = context.getBean(Pipeline.class);
    }

    /**
     * Alerts on source freshness to a local receiver, told by the pipeline as the application's alerts are: the
     * workspace's weft.yml is read from the working directory, so the test registers its own before the pipeline exists.
     */
    private void startAlertReceiver() throws Exception {
        alertReceiver = new MockWebServer();
        alertReceiver.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    alerted.add(new ObjectMapper().readTree(request.getBody().readUtf8()).get("text").asText());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return new MockResponse().setResponseCode(200);
            }
        });
        alertReceiver.start();
        AlertsConfig config = AlertsConfig.parse("""
                weft:
                  alerts:
                    channels:
                      data-slack: {type: slack, url: env:DATA_SLACK_URL}
                    rules:
                      - rule: source_freshness
                """, "weft.yml");
        Map<String, String> env = Map.of("DATA_SLACK_URL", alertReceiver.url("/services/T0/B0/X").toString());
        context.registerSingleton(SourceFreshnessListener.class, new Alerts(config, context.getBean(Store.class),
                new AlertSecrets(env::get, context.getBean(CredentialVault.class)), context.getBean(SyncDefinitions.class),
                context.getBean(SyncRuns.class), context.getBean(SyncJobs.class), Clock.systemUTC()));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (context != null) {
            context.close();
        }
        if (alertReceiver != null) {
            alertReceiver.shutdown();
        }
    }

    @Test
    void theDemoWorkspaceIsOneDagFromRawTablesToSyncs() {
        PipelineGraph graph = pipeline.graph();

        assertThat(graph.asset("model:stg_events").orElseThrow().upstream()).containsExactly("source:raw.raw_events");
        assertThat(graph.asset("identity").orElseThrow().upstream())
                .containsExactlyInAnyOrder("model:stg_events", "model:stg_orders", "model:stg_contacts");
        assertThat(graph.asset("model:profile_events").orElseThrow().upstream()).containsExactlyInAnyOrder("model:stg_events", "identity");
        assertThat(graph.asset("audience:cart-abandoners-7d").orElseThrow().upstream())
                .containsExactlyInAnyOrder("model:profile_traits", "model:profile_events", "identity");
        assertThat(graph.asset("sync:high_value_lapsed_to_file").orElseThrow().upstream()).contains("audience:high-value-lapsed");
        // A sync reading through a priority list reads the list, which reads its audiences, and the consent source and
        // suppression list it is checked against.
        assertThat(graph.asset("priority_list:carts-first").orElseThrow().upstream())
                .containsExactly("audience:cart-abandoners-7d", "audience:engaged-with-holdout");
        assertThat(graph.asset("sync:engaged_target_to_file").orElseThrow().upstream())
                .containsExactlyInAnyOrder("priority_list:carts-first", "model:profile_traits", "model:stg_consent", "model:employee_domains");
        // A sync reading a raw table reads its source directly, and the consent source and suppression list.
        assertThat(graph.asset("sync:contacts_to_file").orElseThrow().upstream())
                .containsExactlyInAnyOrder("source:raw.raw_contacts", "model:stg_consent", "model:employee_domains");
        assertThat(graph.asset("source:raw.raw_events").orElseThrow().loadedAtField()).isEqualTo("occurred_at");
        assertThat(graph.assets()).extracting(Asset::kind).contains(Asset.Kind.values());
        List<String> order = graph.order();
        for (Asset a : graph.assets()) {
            assertThat(a.upstream()).as(a.id()).doesNotHaveDuplicates();
            for (String up : a.upstream()) {
                assertThat(order.indexOf(up)).as(up + " before " + a.id()).isLessThan(order.indexOf(a.id()));
            }
        }
        // What the syncs read, and the syncs, come first: a destination is fresh before the assets no sync reads are built.
        java.util.Set<String> readBySyncs = new java.util.HashSet<>();
        java.util.ArrayDeque<String> toVisit = new java.util.ArrayDeque<>();
        graph.assets().stream().filter(a -> a.kind() == Asset.Kind.SYNC).forEach(a -> toVisit.add(a.id()));
        while (!toVisit.isEmpty()) {
            String id = toVisit.pop();
            if (readBySyncs.add(id)) {
                toVisit.addAll(graph.asset(id).orElseThrow().upstream());
            }
        }
        assertThat(order).as("some assets no sync reads").hasSizeGreaterThan(readBySyncs.size());
        assertThat(order.subList(0, readBySyncs.size())).containsExactlyInAnyOrderElementsOf(readBySyncs);
    }

    @Test
    void buildsWhatIsStaleAndOnlyThat() {
        PipelineRun first = pipeline.run("test", null, r -> { });
        assertThat(first.status()).as(describe(first)).isEqualTo(PipelineRun.SUCCEEDED);
        assertThat(first.assets()).allSatisfy(r -> assertThat(r.outcome()).as(r.asset())
                .isIn(AssetResult.Outcome.BUILT, AssetResult.Outcome.CHANGED));

        // The demo's priority list holds every member of its two audiences once, cart abandoners under theirs.
        assertThat(wh.queryLong("SELECT COUNT(*) FROM weft_priority_members WHERE priority_list_id = 'carts-first'"))
                .isEqualTo(wh.queryLong("SELECT COUNT(DISTINCT profile_id) FROM weft_audience_members"
                        + " WHERE audience_id IN ('cart-abandoners-7d', 'engaged-with-holdout')"));
        assertThat(wh.queryLong("SELECT COUNT(*) FROM weft_priority_members p JOIN weft_audience_members m ON m.profile_id = p.profile_id"
                + " AND m.audience_id = 'cart-abandoners-7d' WHERE p.priority_list_id = 'carts-first' AND p.audience_id <> 'cart-abandoners-7d'"))
                .contains(0L);
        // The demo's consent and suppression hold on every engine (the priority list, with too few people here to
        // cut anyone, is checked on the 10,000 of DemoCommandTest).
        assertThat(context.getBean(SyncRuns.class).forSync("contacts_to_file", 1)).singleElement().satisfies(r -> assertThat(r.plannedWithheld())
                .containsOnlyKeys("no_consent", "revoked", "suppressed:employees").allSatisfy((reason, n) -> assertThat(n).isPositive()));
        DemoSends.assertConsentAndSuppressionHonoured(wh, dir, "contacts_to_file");

        PipelineRun second = pipeline.run("test", null, r -> { });
        assertThat(second.assets()).hasSize(first.assets().size()).allSatisfy(r -> {
            assertThat(r.outcome()).as(r.asset() + ": " + r.reason()).isEqualTo(AssetResult.Outcome.SKIPPED);
            assertThat(r.reason()).startsWith(r.kind() == Asset.Kind.SOURCE ? "no new rows" : "up to date");
        });

        wh.execute("INSERT INTO raw_events (event_id, anonymous_id, event_name, occurred_at) SELECT 'pipeline-1', anonymous_id, "
                + "'page_viewed', occurred_at FROM raw_events WHERE occurred_at = (SELECT max(occurred_at) FROM raw_events) "
                + "ORDER BY event_id LIMIT 1");
        assertThat(pipeline.pollSources()).containsExactly("source:raw.raw_events");
        PipelineRun third = pipeline.run("test", null, r -> { });

        assertThat(third.status()).as(describe(third)).isEqualTo(PipelineRun.SUCCEEDED);
        assertThat(ids(third, AssetResult.Outcome.CHANGED)).containsExactly("source:raw.raw_events");
        assertThat(ids(third, AssetResult.Outcome.BUILT)).isEqualTo(pipeline.graph().descendants("source:raw.raw_events"));
        assertThat(third.assets()).filteredOn(r -> r.asset().equals("model:stg_events")).singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo("source:raw.raw_events has new rows"));
        assertThat(ids(third, AssetResult.Outcome.SKIPPED)).contains("model:stg_orders", "sync:contacts_to_file");
        assertThat(pipeline.pollSources()).isEmpty();
        assertThat(pipeline.runs().recent(10)).extracting(PipelineRun::id).containsExactly(third.id(), second.id(), first.id());
    }

    @Test
    void aSeedIsAnAssetTheModelsReadingItComeAfter() throws Exception {
        Files.createDirectories(dir.resolve("models/seeds"));
        Files.writeString(dir.resolve("models/seeds/plan_prices.csv"), "plan,price\nfree,0\npro,20\n");
        Files.writeString(dir.resolve("models/paid_plans.sql"), "select plan from {{ ref('plan_prices') }} where price > 0\n");

        assertThat(pipeline.graph().asset("model:paid_plans").orElseThrow().upstream()).containsExactly("model:plan_prices");
        PipelineRun run = pipeline.run("test", null, r -> { });

        assertThat(run.status()).as(describe(run)).isEqualTo(PipelineRun.SUCCEEDED);
        assertThat(ids(run, AssetResult.Outcome.BUILT)).contains("model:plan_prices", "model:paid_plans");
        assertThat(wh.queryLong("SELECT count(*) FROM paid_plans")).contains(1L);
    }

    @Test
    void aSnapshotIsAnAssetBuiltAfterWhatItReads() throws Exception {
        Files.createDirectories(dir.resolve("snapshots"));
        Files.writeString(dir.resolve("snapshots/contacts.sql"), """
                {% snapshot contacts_history %}
                {{ config(unique_key='contact_id', strategy='check', check_cols=['plan']) }}
                select contact_id, plan from {{ ref('stg_contacts') }}
                {% endsnapshot %}
                """);

        assertThat(pipeline.graph().asset("model:contacts_history").orElseThrow().upstream()).containsExactly("model:stg_contacts");
        PipelineRun run = pipeline.run("test", null, r -> { });

        assertThat(run.status()).as(describe(run)).isEqualTo(PipelineRun.SUCCEEDED);
        assertThat(ids(run, AssetResult.Outcome.BUILT)).contains("model:contacts_history");
        assertThat(wh.queryLong("SELECT count(*) FROM contacts_history WHERE dbt_valid_to IS NULL"))
                .isEqualTo(wh.queryLong("SELECT count(*) FROM stg_contacts"));
    }

    @Test
    void aSourcePastErrorAfterRaisesOneAlertStopsNothingAndNewRowsResolveIt() throws Exception {
        wh.execute("CREATE TABLE partner_feed (id VARCHAR(10), loaded_at TIMESTAMP)");
        loaded("a", Duration.ofDays(2));
        Files.writeString(dir.resolve("models/partner.yml"), """
                sources:
                  - name: partner
                    tables:
                      - name: partner_feed
                        loaded_at_field: loaded_at
                        freshness:
                          warn_after: {count: 1, period: hour}
                          error_after: {count: 1, period: day}
                """);
        Files.writeString(dir.resolve("models/partner_rows.sql"), "select id from {{ source('partner', 'partner_feed') }}\n");

        PipelineRun run = pipeline.run("test", null, r -> { });

        // As in dbt, a stale source stops nothing: the model reading it is built, its line says the source is stale.
        assertThat(run.status()).as(describe(run)).isEqualTo(PipelineRun.SUCCEEDED);
        assertThat(ids(run, AssetResult.Outcome.BUILT)).contains("model:partner_rows");
        assertThat(run.assets()).filteredOn(r -> r.asset().equals("source:partner.partner_feed")).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("; freshness error: newest loaded_at is ").endsWith("(error_after 86400 s)"));
        assertThat(pipeline.sourceFreshness().get("partner.partner_feed").status()).isEqualTo(Freshness.Status.ERROR);
        // the poll checks again: still stale, and the incident is not sent twice
        assertThat(pipeline.pollSources()).isEmpty();
        assertThat(alerted).singleElement().satisfies(text -> assertThat(text)
                .startsWith("[weft] ALERT source partner.partner_feed: source_freshness: newest loaded_at ").contains("(error_after 1d)"));

        loaded("b", Duration.ofMinutes(90));
        assertThat(pipeline.pollSources()).containsExactly("source:partner.partner_feed");
        pipeline.pollSources();

        // past warn_after only: alerts have no severities, so the incident is resolved, once
        assertThat(pipeline.sourceFreshness().get("partner.partner_feed").status()).isEqualTo(Freshness.Status.WARN);
        assertThat(alerted).hasSize(2);
        assertThat(alerted.get(1)).startsWith("[weft] RESOLVED source partner.partner_feed: source_freshness cleared at ");
    }

    /** A partner_feed row loaded {@code ago} before now, as UTC wall-clock time (Weft's timestamps). */
    private void loaded(String id, Duration ago) {
        LocalDateTime at = LocalDateTime.ofInstant(Instant.now().minus(ago).truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
        wh.execute("INSERT INTO partner_feed VALUES (?, CAST(? AS TIMESTAMP))", id, at.toString().replace('T', ' '));
    }

    @Test
    void aFailingModelStopsItsDownstreamAndNothingElse() throws Exception {
        Files.writeString(dir.resolve("models/staging/stg_orders.sql"),
                "{{ config(materialized='table') }}\nselect order_id, no_such_column from {{ source('raw', 'raw_orders') }}\n");

        PipelineRun run = pipeline.run("test", null, r -> { });

        assertThat(run.status()).isEqualTo(PipelineRun.FAILED);
        assertThat(ids(run, AssetResult.Outcome.FAILED)).containsExactly("model:stg_orders");
        Set<String> downstream = pipeline.graph().descendants("model:stg_orders");
        assertThat(ids(run, AssetResult.Outcome.SKIPPED)).isEqualTo(downstream);
        assertThat(run.assets()).filteredOn(r -> downstream.contains(r.asset()))
                .allSatisfy(r -> assertThat(r.reason()).startsWith("upstream "));
        assertThat(ids(run, AssetResult.Outcome.BUILT)).contains("model:stg_events", "model:stg_contacts", "sync:contacts_to_file");
    }

    @Test
    void servesTriggersRunThePipelineWhenTheWatermarkPollSeesNewRows() throws Exception {
        PipelineRun first = pipeline.run("test", null, r -> { });
        assertThat(first.status()).as(describe(first)).isEqualTo(PipelineRun.SUCCEEDED);
        PipelineTriggers triggers = context.getBean(PipelineTriggers.class);
        triggers.start();
        try {
            Thread.sleep(2500);
            assertThat(pipeline.runs().recent(10)).as("nothing new: the poll starts no run").noneMatch(r -> r.trigger().equals("poll"));

            wh.execute("DELETE FROM raw_orders WHERE order_id = (SELECT min(order_id) FROM raw_orders)");
            PipelineRun polled = null;
            for (int i = 0; i < 600 && polled == null; i++) {
                Thread.sleep(100);
                polled = pipeline.runs().recent(10).stream()
                        .filter(r -> r.trigger().equals("poll") && !r.status().equals(PipelineRun.RUNNING)).findFirst().orElse(null);
            }
            assertThat(polled).as("a run started by the poll").isNotNull();
            assertThat(ids(polled, AssetResult.Outcome.CHANGED)).containsExactly("source:raw.raw_orders");
            assertThat(ids(polled, AssetResult.Outcome.BUILT)).contains("model:stg_orders", "identity", "model:profile_traits");
        } finally {
            triggers.close();
        }
    }

    @Test
    void aSyncsScheduledRunMaterializesItsEditedAudienceFirst() throws Exception {
        PipelineRun first = pipeline.run("test", null, r -> { });
        assertThat(first.status()).as(describe(first)).isEqualTo(PipelineRun.SUCCEEDED);
        assertThat(pipeline.refreshAudience("high-value-lapsed")).get().extracting(AssetResult::outcome)
                .isEqualTo(AssetResult.Outcome.SKIPPED);

        Path file = dir.resolve("audiences/high-value-lapsed.json");
        Files.writeString(file, Files.readString(file).replaceFirst("\"name\": \"[^\"]*\"", "\"name\": \"Lapsed, renamed\""));
        context.getBean(dev.weft.syncs.SyncSourcePreparer.class)
                .prepare(context.getBean(dev.weft.syncs.SyncDefinitions.class).get("high_value_lapsed_to_file"));

        PipelineRun bySync = pipeline.runs().recent(1).get(0);
        assertThat(bySync.trigger()).isEqualTo("sync");
        assertThat(bySync.assets()).singleElement().satisfies(r -> {
            assertThat(r.asset()).isEqualTo("audience:high-value-lapsed");
            assertThat(r.outcome()).isEqualTo(AssetResult.Outcome.BUILT);
            assertThat(r.reason()).isEqualTo("its definition changed");
        });
        PipelineRun next = pipeline.run("test", null, r -> { });
        assertThat(ids(next, AssetResult.Outcome.BUILT)).containsExactly("sync:high_value_lapsed_to_file");
    }

    /**
     * Done when, on serve's own triggers: a new person appended to the raw contacts, and an edit of the audience,
     * each reach a webhook receiver behind a mirror sync on their own, which then holds the audience exactly.
     */
    @Test
    void newRowsAMergeADeletionAndAnAudienceEditReachTheDestinationOnTheirOwn() throws Exception {
        // Not about consent: the receiver is to hold every member, so the demo's purposes stay and withhold no one.
        Files.writeString(dir.resolve("consent/consent.yml"), "purposes: {email_marketing: opt_out, ads_targeting: opt_out}\n");
        Files.writeString(dir.resolve("audiences/with-email.json"),
                "{\"name\": \"With an email\", \"conditions\": [{\"type\": \"trait\", \"column\": \"email\", \"operator\": \"is_set\"}]}");
        Files.writeString(dir.resolve("syncs/with_email_mirror.yml"), """
                source: {audience: with-email}
                destination: {type: webhook, connection: hook}
                mode: mirror
                purpose: email_marketing
                mapping:
                  - {from: email, to: email, transforms: [trim, lower]}
                """);
        FakeWebhookReceiver receiver = new FakeWebhookReceiver("e2e-s3cret");
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(receiver);
            server.start();
            context.getBean(Connections.class).create("hook", "webhook", Map.of("url", server.url("/weft").toString(),
                    "max-batch-size", "500", "requests-per-second", "1000"), Map.of("signing-secret", "e2e-s3cret"));
            PipelineTriggers triggers = context.getBean(PipelineTriggers.class);
            triggers.start();
            try {
                awaitReceiverHoldsTheAudience(receiver, "the first run (new sources)", m -> !m.isEmpty());
                int before = members().size();

                wh.execute("INSERT INTO raw_contacts (contact_id, email, updated_at) SELECT 'pipeline-new', 'new.person@weftmail.org', "
                        + "max(updated_at) + INTERVAL '1 second' FROM raw_contacts");
                awaitReceiverHoldsTheAudience(receiver, "a new person in the raw contacts", m -> m.size() == before + 1);
                assertThat(members()).hasSize(before + 1);
                assertThat(receiver.held().values()).anySatisfy(f -> assertThat(f.get("email")).isEqualTo("new.person@weftmail.org"));

                Files.writeString(dir.resolve("audiences/with-email.json"), "{\"name\": \"With an email and a country\", \"conditions\": ["
                        + "{\"type\": \"trait\", \"column\": \"email\", \"operator\": \"is_set\"},"
                        + "{\"type\": \"trait\", \"column\": \"country\", \"operator\": \"is_set\"}]}");
                awaitReceiverHoldsTheAudience(receiver, "the audience edited (removes included)", m -> m.size() < before + 1);
                assertThat(members()).hasSizeLessThan(before + 1);
                assertThat(receiver.held().values()).noneSatisfy(f -> assertThat(f.get("email")).isEqualTo("new.person@weftmail.org"));

                // A row that merges two members: one member's email and another's phone on one contact.
                List<String[]> profiles = wh.queryList("SELECT p.profile_id, p.primary_email, p.primary_phone, p.primary_user_id"
                        + " FROM weft_profiles p JOIN weft_audience_members m ON m.profile_id = p.profile_id AND m.audience_id = ?"
                        + " ORDER BY p.profile_id", List.of("with-email"),
                        r -> new String[]{r.getString(0), r.getString(1), r.getString(2), r.getString(3)});
                String[] withPhone = profiles.stream().filter(p -> p[2] != null && p[3] == null).findFirst().orElseThrow();
                String[] withEmail = profiles.stream().filter(p -> p[1] != null && !p[0].equals(withPhone[0])).findFirst().orElseThrow();
                int beforeMerge = members().size();
                wh.execute("INSERT INTO raw_contacts (contact_id, email, phone, country, updated_at) SELECT 'pipeline-merge', ?, ?, 'US', "
                        + "max(updated_at) + INTERVAL '2 second' FROM raw_contacts", withEmail[1], withPhone[2]);
                awaitReceiverHoldsTheAudience(receiver, "a row that merges two members",
                        m -> m.size() == beforeMerge - 1 && !(m.contains(withEmail[0]) && m.contains(withPhone[0])));

                // Deleting the contact rows that held a member in (the country) takes them out.
                String leaving = members().iterator().next();
                List<String[]> ids = wh.queryList("SELECT id_type, id_value FROM weft_id_graph WHERE profile_id = ?", List.of(leaving),
                        r -> new String[]{r.getString(0), r.getString(1)});
                for (String[] id : ids) {
                    if (id[0].equals("email")) {
                        wh.execute("DELETE FROM raw_contacts WHERE lower(trim(email)) = ?", id[1]);
                    } else if (id[0].equals("user_id")) {
                        wh.execute("DELETE FROM raw_contacts WHERE trim(user_id) = ?", id[1]);
                    }
                }
                awaitReceiverHoldsTheAudience(receiver, "the rows that held a member deleted", m -> !m.contains(leaving));
            } finally {
                triggers.close();
            }
        }
    }

    /**
     * Waits (up to 3 minutes) until the audience's members are as {@code expected} says and the pipeline's own
     * triggers made the receiver hold exactly them.
     */
    private void awaitReceiverHoldsTheAudience(FakeWebhookReceiver receiver, String after, java.util.function.Predicate<Set<String>> expected)
            throws InterruptedException {
        for (int i = 0; i < 1800; i++) {
            Set<String> members = members();
            if (!pipeline.running() && expected.test(members) && receiver.held().keySet().equals(members)) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(receiver.held().keySet()).as("the receiver after " + after).isEqualTo(members());
    }

    private Set<String> members() {
        if (!wh.tableExists("weft_audience_members")) {
            return Set.of();
        }
        return new TreeSet<>(wh.queryList("SELECT profile_id FROM weft_audience_members WHERE audience_id = ?", List.of("with-email"),
                r -> r.getString(0)));
    }

    private static Set<String> ids(PipelineRun run, AssetResult.Outcome outcome) {
        return run.assets().stream().filter(r -> r.outcome() == outcome).map(AssetResult::asset).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String describe(PipelineRun run) {
        return run.error() + "\n" + run.assets().stream().map(PipelineCommand::line).collect(Collectors.joining("\n"));
    }
}
