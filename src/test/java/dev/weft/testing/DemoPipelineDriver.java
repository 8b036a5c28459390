package dev.weft.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.weft.Workspace;
import dev.weft.audiences.AudienceDefinition;
import dev.weft.audiences.AudienceException;
import dev.weft.audiences.AudienceQueries;
import dev.weft.audiences.AudienceSchema;
import dev.weft.audiences.PriorityCut;
import dev.weft.audit.AuditLog;
import dev.weft.consent.ConsentConfigLoader;
import dev.weft.consent.ConsentFilter;
import dev.weft.demo.DemoSeeder;
import dev.weft.destinations.Operation;
import dev.weft.destinations.SyncMode;
import dev.weft.identity.IdentityConfig;
import dev.weft.identity.IdentityConfigLoader;
import dev.weft.identity.IdentityPipeline;
import dev.weft.identity.IdentityService;
import dev.weft.identity.IdentityTables;
import dev.weft.models.ModelMetrics;
import dev.weft.models.ModelResult;
import dev.weft.models.ModelRunStore;
import dev.weft.models.ModelRunner;
import dev.weft.models.RunOptions;
import dev.weft.models.RunSummary;
import dev.weft.models.Selection;
import dev.weft.store.Store;
import dev.weft.store.StoreConfig;
import dev.weft.syncs.AckJournal;
import dev.weft.syncs.SyncDefinition;
import dev.weft.syncs.SyncDefinitionParser;
import dev.weft.syncs.SyncPlanner;
import dev.weft.syncs.SyncState;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.WarehouseNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the repository's demo (its models, identity config, audiences and syncs) through an {@link OfflineWarehouse},
 * family by family in run order, so every statement Weft generates for that engine is checked: seed, models twice
 * (the second run incremental), identity full then incremental with the demo's limits, models over identity's output
 * and their schema tests, every demo audience plus one with every condition type, the demo's priority lists, syncs in every mode with their
 * acknowledgements merged. Where a branch depends on data, the warehouse is told what its queries answer.
 */
public final class DemoPipelineDriver implements AutoCloseable {

    public static final Path PROJECT = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every condition type (and, or, not, trait, event, audience) and each operator family on a column type. */
    private static final String EVERY_CONDITION = """
            {"conditions": [
              {"type": "or", "conditions": [
                {"type": "trait", "column": "email", "operator": "contains", "value": "@"},
                {"type": "trait", "column": "email", "operator": "starts_with", "value": "a"},
                {"type": "trait", "column": "country", "operator": "not_in", "value": ["US"]},
                {"type": "trait", "column": "plan", "operator": "not_equals", "value": "free"},
                {"type": "trait", "column": "plan", "operator": "is_not_set"}]},
              {"type": "and", "conditions": [
                {"type": "trait", "column": "lifetime_value", "operator": "between", "value": {"from": 10, "to": 500}},
                {"type": "trait", "column": "order_count", "operator": "less_than", "value": 100},
                {"type": "trait", "column": "last_seen_at", "operator": "within_last", "value": {"amount": 90, "unit": "days"}},
                {"type": "trait", "column": "first_seen_at", "operator": "more_than_ago", "value": {"amount": 1, "unit": "weeks"}},
                {"type": "trait", "column": "first_seen_at", "operator": "after", "value": "2024-01-01"},
                {"type": "trait", "column": "last_seen_at", "operator": "before", "value": "2030-01-01T00:00:00"},
                {"type": "trait", "column": "last_order_at", "operator": "between", "value": {"from": "2024-01-01", "to": "2030-01-01"}}]},
              {"type": "not", "condition": {"type": "event", "event": "signed_up", "count": {"operator": "at_most", "value": 0}}},
              {"type": "event", "event": "page_viewed", "window": {"between": {"from": "2024-01-01", "to": "2030-01-01"}},
               "where": [{"property": "path", "operator": "starts_with", "value": "/p"}]},
              {"type": "event", "event": "order_completed", "window": {"last": {"amount": 12, "unit": "months"}},
               "aggregate": {"function": "avg", "property": "revenue", "operator": "greater_than", "value": 5}},
              {"type": "audience", "operator": "in", "audience": "engaged-with-holdout", "group": "target"}
            ]}
            """;

    private final OfflineWarehouse warehouse;
    private final Store store;
    private final ModelRunner models;

    public DemoPipelineDriver(OfflineWarehouse warehouse, Path dir) {
        this.warehouse = warehouse;
        store = new Store(new StoreConfig(null, null, null, null), new Workspace(dir.toString()));
        models = new ModelRunner(warehouse, PROJECT, dir.resolve("git"), new ModelRunStore(store), 1,
                new ModelMetrics(new SimpleMeterRegistry()), new AuditLog(store));
    }

    @Override
    public void close() {
        models.close();
        store.close();
    }

    /**
     * The demo as {@code weft demo} runs it, family by family, twice where a second run takes another path: seed,
     * models, identity (full, then incremental, with the demo's limits), models over identity's output, every demo
     * audience and one with every condition type, and syncs in every mode with their acknowledgements merged.
     */
    public void run() throws Exception {
        DemoSeeder.seed(warehouse, 20, 1, true, new QuietProgress());
        assertThat(warehouse.listTables()).contains("raw_events", "raw_orders", "raw_contacts", "raw_identity_truth");

        runModels(Selection.excluding("source:weft+"), "stg_events", "stg_orders", "stg_contacts", "stg_consent", "employee_domains", "user_traits");
        // The second time the incremental model merges into the table the first run made.
        runModels(Selection.excluding("source:weft+"), "stg_events", "stg_orders", "stg_contacts", "stg_consent", "employee_domains", "user_traits");
        assertThat(sentStartingWith("MERGE INTO")).isNotEmpty();

        identity();
        runModels(Selection.of("source:weft+"), "profile_events", "profile_traits");
        // Schema tests read one count each: a count query always answers a row.
        warehouse.answer(sql -> sql.contains("SELECT count(*) FROM"), List.of(0L));
        RunSummary tests = models.test(RunOptions.of(Selection.ALL));
        assertThat(tests.results()).isNotEmpty().allSatisfy(r -> assertThat(r.status()).as(r.name() + ": " + r.error())
                .isEqualTo(ModelResult.Status.PASS));

        audiences();
        syncs();
    }

    /**
     * A full run, then an incremental one: the second is told (as its queries would answer on a warehouse with data)
     * that run 1 exists with the same config, that the sources have watermarks and the graph has nodes, so it takes
     * the incremental path, and that a source row disappeared; the first contraction round is told edges are left, so the
     * round and walk-back run too.
     */
    private void identity() {
        IdentityConfig config = IdentityConfigLoader.load(PROJECT.resolve("identity-graph"), warehouse);
        assertThat(config.types()).as("the demo's identity config has limits").anyMatch(t -> t.limit() > 0);
        warehouse.answer(sql -> sql.equals("SELECT COUNT(*) FROM weft_tmp_id_cc_e1"), List.of(3L));
        IdentityPipeline.Result full = new IdentityPipeline(warehouse, config, IdentityTables.LIVE, IdentityService.SEED)
                .run(true, message -> { });
        assertThat(full.full()).isTrue();
        assertThat(full.rounds()).isEqualTo(1);

        List<Object> record = sentStartingWith("INSERT INTO weft_id_runs").get(0).binds();
        warehouse.answer(sql -> sql.startsWith("SELECT MAX(run_seq) FROM weft_id_runs"), List.of(1L));
        warehouse.answer(sql -> sql.startsWith("SELECT config_hash, blocklist_hash FROM weft_id_runs"), List.of(record.get(7), record.get(8)));
        warehouse.answer(sql -> sql.startsWith("SELECT watermark FROM weft_id_watermarks"), List.of(Instant.parse("2025-01-01T00:00:00Z")));
        warehouse.answer(sql -> sql.equals("SELECT MAX(node_id) FROM weft_id_nodes"), List.of(1000L));
        // A row that made a link is gone from its source, and reading again from its first sighting reads few rows:
        // the deletion path (re-read, removed links) runs too.
        warehouse.answer(sql -> sql.startsWith("SELECT COUNT(*), MIN(e.first_seen)"), List.of(1L, Instant.parse("2025-06-01T00:00:00Z")));
        warehouse.answer(sql -> sql.startsWith("SELECT COUNT(*), COALESCE(SUM(CASE WHEN"), List.of(100L, 10L));
        IdentityPipeline.Result incremental = new IdentityPipeline(warehouse, config, IdentityTables.LIVE, IdentityService.SEED)
                .run(false, message -> { });
        assertThat(incremental.full()).isFalse();
    }

    /** Every demo audience, and one with every condition type and operator family, materialized as a run does. */
    private void audiences() throws Exception {
        // The events the demo's data has, as the schema's query for event names would answer.
        warehouse.answer(sql -> sql.startsWith("select distinct e.event_name\nfrom profile_events"),
                List.of("added_to_cart"), List.of("order_completed"), List.of("page_viewed"), List.of("signed_up"));
        AudienceSchema schema = AudienceSchema.read(warehouse, "profile_traits", "profile_events");
        Map<String, AudienceDefinition> definitions = new LinkedHashMap<>();
        try (var files = Files.list(PROJECT.resolve("audiences"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                definitions.put(file.getFileName().toString().replace(".json", ""),
                        parse(JSON.readTree(file.toFile()), schema));
            }
        }
        definitions.put("every-condition", parse(JSON.readTree(EVERY_CONDITION), schema));
        AudienceQueries queries = new AudienceQueries(warehouse.dialect(), schema, LocalDateTime.parse("2025-06-01T00:00:00"));
        AudienceQueries.Resolver resolver = id -> Optional.ofNullable(definitions.get(id));
        warehouse.createTable(AudienceQueries.MEMBERS_TABLE, List.of(Column.of("audience_id", ColumnType.VARCHAR),
                Column.of("profile_id", ColumnType.VARCHAR), Column.of("split_group", ColumnType.VARCHAR),
                Column.of("computed_at", ColumnType.TIMESTAMP)), false);
        warehouse.createTable(AudienceQueries.HISTORY_TABLE, List.of(Column.of("audience_id", ColumnType.VARCHAR),
                Column.of("profile_id", ColumnType.VARCHAR), Column.of("entered_at", ColumnType.TIMESTAMP),
                Column.of("exited_at", ColumnType.TIMESTAMP)), false);
        warehouse.createTable(AudienceQueries.STAGING_TABLE, List.of(Column.of("audience_id", ColumnType.VARCHAR),
                Column.of("profile_id", ColumnType.VARCHAR), Column.of("split_group", ColumnType.VARCHAR)), false);
        List<org.jooq.Select<?>> all = new ArrayList<>();
        for (Map.Entry<String, AudienceDefinition> a : definitions.entrySet()) {
            var members = queries.members(a.getKey(), a.getValue(), resolver);
            all.add(members);
            AudienceQueries.Materialization m = queries.materialize(a.getKey(), members, LocalDateTime.parse("2025-06-01T00:00:00"));
            for (AudienceQueries.Rendered r : List.of(m.clearStage(), m.stage(), m.closeLeft(), m.deleteLeft(), m.insertNew(),
                    m.openEntered(), m.clearStageAfter())) {
                warehouse.execute(r.sql(), r.binds().toArray());
            }
            for (AudienceQueries.Rendered r : List.of(m.countEntered(), m.countExited(), m.size(),
                    queries.render(queries.preview(members, 10)))) {
                warehouse.queryLong(r.sql(), r.binds().toArray());
            }
            AudienceQueries.Rendered diff = queries.render(queries.diff(members, members, 10));
            warehouse.query(diff.sql(), diff.binds(), row -> { });
        }
        AudienceQueries.Rendered overlap = queries.render(queries.overlap(all));
        warehouse.query(overlap.sql(), overlap.binds(), row -> { });
        AudienceQueries.Rendered latest = queries.latestEvent();
        warehouse.query(latest.sql(), latest.binds(), row -> { });
        AudienceQueries.Rendered traits = queries.render(queries.traitsOf(List.of("p1", "p2"), List.of("email", "lifetime_value")));
        warehouse.query(traits.sql(), traits.binds(), row -> { });
        priorityLists();
    }

    /** The demo's priority lists: their cut, as a run recomputes it, its size and the preview's sizes. */
    private void priorityLists() throws Exception {
        try (var files = Files.list(PROJECT.resolve("audiences/priority-lists"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                String id = file.getFileName().toString().replace(".json", "");
                List<String> ranked = new ArrayList<>();
                JSON.readTree(file.toFile()).path("audiences").forEach(a -> ranked.add(a.asText()));
                PriorityCut.materialize(warehouse, id, ranked);
                PriorityCut.count(warehouse, id);
                PriorityCut.sizes(warehouse, ranked);
            }
        }
    }

    /** The demo's syncs as they are, and the model-sourced one in every mode: plan, sample, stream, ack merge. */
    private void syncs() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<SyncDefinition> syncs = new ArrayList<>();
        try (var files = Files.list(PROJECT.resolve("syncs"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                String id = file.getFileName().toString().replace(".yml", "");
                ObjectNode node = (ObjectNode) yaml.readTree(file.toFile());
                syncs.add(SyncDefinitionParser.parse(node, id, "demo", file.toString()));
                if (node.has("key")) {
                    for (SyncMode mode : SyncMode.values()) {
                        node.put("mode", mode.name().toLowerCase(Locale.ROOT));
                        syncs.add(SyncDefinitionParser.parse(node, id + "_" + mode.name().toLowerCase(Locale.ROOT), "demo", file.toString()));
                    }
                }
            }
        }
        assertThat(syncs).extracting(SyncDefinition::mode).contains(SyncMode.values());
        SyncPlanner planner = new SyncPlanner(warehouse, new ConsentFilter(warehouse, ConsentConfigLoader.load(PROJECT.resolve("consent")),
                () -> IdentityConfigLoader.load(PROJECT.resolve("identity-graph"), warehouse)));
        for (SyncDefinition sync : syncs) {
            String state = WarehouseNames.of("weft_sync_state_", sync.id(), "file");
            planner.plan(sync, state, SyncPlanner.planTable(sync.id()));
            planner.sample(SyncPlanner.planTable(sync.id()), 5);
            planner.stream(new SyncState(sync.id(), "file", state, "epoch"), EnumSet.allOf(Operation.class), (rec, hash) -> { });
            AckJournal.mergeIntoState(warehouse, sync.id(), state, w -> {
                w.append("k1", "add", 42L, 0L);
                w.append("k2", "remove", 43L, 1L);
                return 2;
            });
        }
    }

    /** A definition, or a failure listing every problem with its JSON Pointer. */
    private static AudienceDefinition parse(com.fasterxml.jackson.databind.JsonNode node, AudienceSchema schema) {
        try {
            return AudienceDefinition.parse(node, schema);
        } catch (AudienceException e) {
            throw new AssertionError(e.getMessage() + ": " + e.problems().stream().map(p -> p.path() + ": " + p.problem()).toList(), e);
        }
    }

    private List<OfflineWarehouse.Sent> sentStartingWith(String prefix) {
        return warehouse.sent().stream().filter(s -> s.sql().startsWith(prefix)).toList();
    }
    private void runModels(Selection selection, String... expected) {
        RunSummary run = models.run(RunOptions.of(selection));
        assertThat(run.results()).allSatisfy(r -> assertThat(r.status()).as(r.name() + ": " + r.error())
                .isEqualTo(ModelResult.Status.SUCCESS));
        assertThat(run.results()).extracting(ModelResult::name).containsExactlyInAnyOrder(expected);
    }
}
