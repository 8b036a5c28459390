package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.audiences.AudienceDefinition;
import dev.weft.audiences.AudienceQueries;
import dev.weft.audiences.AudienceSchema;
import dev.weft.destinations.Operation;
import dev.weft.identity.IdentityConfig;
import dev.weft.identity.IdentityConfigLoader;
import dev.weft.identity.IdentityPipeline;
import dev.weft.identity.IdentityService;
import dev.weft.identity.IdentityStatements;
import dev.weft.identity.IdentityTables;
import dev.weft.models.Materializations;
import dev.weft.syncs.AckJournal;
import dev.weft.syncs.SyncDefinition;
import dev.weft.syncs.SyncDefinitionParser;
import dev.weft.syncs.SyncPlanner;
import dev.weft.syncs.SyncState;
import dev.weft.warehouse.BulkWriter;
import dev.weft.warehouse.Column;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.SqlTemplates;
import dev.weft.warehouse.Warehouse;
import dev.weft.warehouse.WarehouseNames;
import dev.weft.warehouse.Warehouses;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * {@code weft warehouse check}: a short smoke suite against a real warehouse. It connects, creates a scratch schema
 * with a unique name, runs one statement of each family Weft sends to a warehouse there through the features' own code
 * (the model materializations, identity's pipeline, the audience compiler, the sync planner and the ack merge) on a few
 * rows of its own, and drops the schema whatever happened. Nothing outside the scratch schema is written, except
 * DuckDB's identity work tables, which live in an attached in-memory database.
 *
 * <p>Works on every engine through {@link Warehouses#openInSchema}, {@code sql/check/check.sql} and the engine's
 * {@link Dialect}; checks after one that left nothing to build on are skipped, not failed.
 */
public final class WarehouseCheck {

    /** How a check ended. */
    public enum Status {
        OK("ok"), FAILED("FAILED"), SKIPPED("skipped");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One check's outcome: what passed or failed, in how many seconds, and what it found or why it failed. */
    public record Result(String name, Status status, double seconds, String detail) {
    }

    /** Every check's result, in order. */
    public record Report(String warehouse, String schema, List<Result> results) {

        public long failed() {
            return results.stream().filter(r -> r.status() == Status.FAILED).count();
        }

        public String summary() {
            long ok = results.stream().filter(r -> r.status() == Status.OK).count();
            long skipped = results.stream().filter(r -> r.status() == Status.SKIPPED).count();
            Status drop = results.stream().filter(r -> r.name().equals(DROP)).map(Result::status).findFirst().orElse(Status.SKIPPED);
            String scratch = switch (drop) {
                case OK -> "scratch schema " + schema + " dropped";
                case FAILED -> "scratch schema " + schema + " NOT dropped: drop it by hand";
                case SKIPPED -> "no scratch schema made";
            };
            return "warehouse check: " + ok + " passed, " + failed() + " failed" + (skipped == 0 ? "" : ", " + skipped + " skipped")
                    + " on warehouse '" + warehouse + "' (" + scratch + ")";
        }
    }

    /** A check's body: returns what it found, throws when the warehouse did not do what it should. */
    private interface Body {
        String run() throws Exception;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DROP = "drop scratch schema";
    private static final String CONTACTS = "check_contacts";
    private static final String TRAITS = "check_traits";
    private static final String EVENTS = "check_events";
    private static final String MODEL = "check_model";
    private static final String SYNC_ID = "check_sync";
    private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
    /** The audience compiler's "now": relative windows are measured back from it, so the result is fixed. */
    private static final LocalDateTime AUDIENCE_NOW = LocalDateTime.parse("2026-01-10T00:00:00");

    private static final String IDENTITY = """
            identifier_types:
              user_id:
              email:
            priority: [user_id, email]
            sources:
              - name: contacts
                table: check_contacts
                row_key: contact_id
                timestamp: updated_at
                identifiers: {email: email, user_id: user_id}
            """;
    private static final String AUDIENCE = """
            {"conditions": [
              {"type": "trait", "column": "ltv", "operator": "greater_than", "value": 10},
              {"type": "event", "event": "order_completed", "window": {"last": {"amount": 30, "unit": "days"}}}]}
            """;
    private static final String SYNC = """
            {"id": "check_sync", "source": {"model": "check_traits"},
             "destination": {"type": "file", "connection": "check"}, "mode": "mirror", "key": "profile_id",
             "mapping": [{"from": "email", "to": "email_sha256", "transforms": ["trim", "lower", "sha256"]},
                         {"from": "ltv", "to": "ltv"}]}
            """;

    private final Warehouses warehouses;

    public WarehouseCheck(Warehouses warehouses) {
        this.warehouses = warehouses;
    }

    /** Runs every check on warehouse {@code name}, telling {@code each} of every result as it comes. */
    public Report run(String name, Consumer<Result> each) {
        String schema = "weft_check_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        List<Result> results = new ArrayList<>();
        Consumer<Result> record = r -> {
            results.add(r);
            each.accept(r);
        };
        Warehouse[] home = new Warehouse[1];
        boolean connected = check(record, "connect", () -> {
            home[0] = warehouses.get(name);
            long one = home[0].queryLong(SqlTemplates.render(home[0].dialect(), "health/ping.sql", Map.of())).orElse(0L);
            expect(one == 1, "the ping query answered " + one);
            return home[0].dialect().name();
        });
        boolean created = connected && check(record, "create scratch schema", () -> {
            home[0].execute(section(home[0].dialect(), "create_schema", schema));
            return schema;
        });
        if (created) {
            try {
                checksInScratch(home[0], name, schema, record);
            } finally {
                check(record, DROP, () -> {
                    home[0].execute(section(home[0].dialect(), "drop_schema", schema));
                    return schema;
                });
            }
        } else {
            for (String skipped : List.of("checks in the scratch schema", DROP)) {
                record.accept(new Result(skipped, Status.SKIPPED, 0, connected ? "no scratch schema" : "no connection"));
            }
        }
        return new Report(name, schema, List.copyOf(results));
    }

    private void checksInScratch(Warehouse home, String name, String schema, Consumer<Result> record) {
        Warehouse[] scratch = new Warehouse[1];
        if (!check(record, "connect to scratch schema", () -> {
            scratch[0] = warehouses.openInSchema(name, schema);
            // Before anything else runs there: an engine that ignored the schema would write into the configured one.
            String probe = WarehouseNames.of("weft_check_probe_", schema);
            scratch[0].createTable(probe, List.of(Column.of("id", ColumnType.BIGINT)), false);
            boolean leaked = home.tableExists(probe);
            scratch[0].execute(scratch[0].dialect().dropTableIfExists(probe));
            expect(!leaked, "a table made there appeared in the configured schema: the " + home.dialect().name()
                    + " engine does not open a warehouse in another schema (WarehouseEngine.inSchema)");
            return "unqualified names resolve in " + schema;
        })) {
            if (scratch[0] != null) {
                scratch[0].close();
            }
            record.accept(new Result("checks in the scratch schema", Status.SKIPPED, 0, "no connection to it"));
            return;
        }
        try (Warehouse wh = scratch[0]) {
            Dialect d = wh.dialect();
            boolean loaded = check(record, "bulk load", () -> {
                load(wh);
                return expectRows(wh, CONTACTS, 7);
            });
            check(record, "hash and time functions", () -> functions(wh));
            if (!loaded) {
                record.accept(new Result("checks on the loaded rows", Status.SKIPPED, 0, "nothing loaded"));
                return;
            }
            check(record, "models: view", () -> {
                wh.executeAll(Materializations.view(d, MODEL + "_view", model(d, "model", Map.of())));
                return expectRows(wh, MODEL + "_view", 7);
            });
            check(record, "models: table (build and swap)", () -> {
                // Twice: the second swap replaces a table that exists, as every later run does.
                for (int run = 0; run < 2; run++) {
                    build(wh, MODEL, model(d, "model", Map.of()));
                }
                return expectRows(wh, MODEL, 7);
            });
            check(record, "models: incremental MERGE", () -> {
                wh.execute(Materializations.merge(d, MODEL, model(d, "model_with_new_row", Map.of()), List.of("contact_id"),
                        List.of("contact_id", "email")));
                return expectRows(wh, MODEL, 8);
            });
            check(record, "models: incremental append", () -> {
                wh.execute(Materializations.append(d, MODEL, model(d, "model", Map.of()), List.of("contact_id", "email")));
                return expectRows(wh, MODEL, 15);
            });
            boolean resolved = check(record, "identity: tiny run", () -> identity(wh));
            boolean modelled = resolved && check(record, "models: over identity's output", () -> {
                build(wh, TRAITS, model(d, "traits", Map.of("double", d.typeName(ColumnType.DOUBLE))));
                build(wh, EVENTS, model(d, "events", Map.of()));
                return expectRows(wh, TRAITS, 3) + ", " + expectRows(wh, EVENTS, 6);
            });
            if (!modelled) {
                record.accept(new Result("audiences and syncs", Status.SKIPPED, 0, "no profiles to work on"));
                return;
            }
            check(record, "audiences: compiled query", () -> audience(wh));
            boolean planned = check(record, "syncs: plan (diff)", () -> {
                SyncPlanner.PlanCounts counts = plan(wh);
                expect(counts.added() == 3 && counts.total() == 3, "planned " + counts + ", expected 3 added");
                return "+" + counts.added() + " ~" + counts.changed() + " -" + counts.removed();
            });
            if (planned) {
                check(record, "syncs: ack merge, then an empty plan", () -> ackAndReplan(wh));
            } else {
                record.accept(new Result("syncs: ack merge, then an empty plan", Status.SKIPPED, 0, "no plan"));
            }
        } catch (RuntimeException e) {
            // Closing the scratch connection failed: the schema is still dropped by the caller.
            record.accept(new Result("close scratch connection", Status.FAILED, 0, message(e)));
        }
    }

    /** Runs one check, recording its result; true when it passed. */
    private static boolean check(Consumer<Result> record, String name, Body body) {
        long start = System.nanoTime();
        try {
            String detail = body.run();
            record.accept(new Result(name, Status.OK, seconds(start), detail));
            return true;
        } catch (Exception e) {
            record.accept(new Result(name, Status.FAILED, seconds(start), message(e)));
            return false;
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** The first line of an error (a warehouse error's next line is the statement), with its type when it says nothing. */
    private static String message(Exception e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return m.lines().findFirst().orElse(m).strip();
    }

    private static void expect(boolean condition, String otherwise) {
        if (!condition) {
            throw new IllegalStateException(otherwise);
        }
    }

    private static String section(Dialect d, String section, String schema) {
        return SqlTemplates.render(d, "check/check.sql#" + section, Map.of("schema", schema));
    }

    /** A model's SELECT, from {@code sql/check/check.sql}. */
    private static String model(Dialect d, String section, Map<String, Object> vars) {
        return SqlTemplates.render(d, "check/check.sql#" + section, vars);
    }

    /** Materializes a table model as a run does: built under its staging name, then swapped in. */
    private static void build(Warehouse wh, String name, String select) {
        wh.executeAll(Materializations.buildStaging(wh.dialect(), name, select));
        wh.executeAll(Materializations.swapIn(wh.dialect(), name));
    }

    private static long rows(Warehouse wh, String table) {
        return wh.queryLong(Materializations.rowCount(wh.dialect(), table)).orElse(-1L);
    }

    private static String expectRows(Warehouse wh, String table, long expected) {
        long rows = rows(wh, table);
        expect(rows == expected, table + " holds " + rows + " rows, expected " + expected);
        return rows + " rows";
    }

    /**
     * Contacts for identity: three people. a@ and alt@ each with u1 and u2, a cycle no leaf pruning removes, so the
     * connected components take contraction rounds; b@ with u3, last seen 90 days earlier; c@ with u5.
     */
    private static void load(Warehouse wh) {
        wh.createTable(CONTACTS, List.of(Column.of("contact_id", ColumnType.VARCHAR), Column.of("email", ColumnType.VARCHAR),
                Column.of("user_id", ColumnType.VARCHAR), Column.of("updated_at", ColumnType.TIMESTAMP)), false);
        Instant longAgo = T0.minus(Duration.ofDays(90));
        try (BulkWriter w = wh.bulkWriter(CONTACTS, List.of("contact_id", "email", "user_id", "updated_at"))) {
            w.append("k1", "a@weft-check.dev", "u1", T0);
            w.append("k2", "a@weft-check.dev", "u2", T0.plusSeconds(60));
            w.append("k3", "b@weft-check.dev", "u3", longAgo);
            w.append("k4", null, "u3", longAgo.plusSeconds(60));
            w.append("k5", "c@weft-check.dev", "u5", T0.plusSeconds(120));
            w.append("k6", "alt@weft-check.dev", "u1", T0.plusSeconds(180));
            w.append("k7", "alt@weft-check.dev", "u2", T0.plusSeconds(240));
        }
    }

    private static String functions(Warehouse wh) throws NoSuchAlgorithmException {
        Map<String, Object> vars = Map.of("varchar", wh.dialect().typeName(ColumnType.VARCHAR));
        String sql = SqlTemplates.render(wh.dialect(), "check/check.sql#functions", vars);
        List<Object> binds = List.of("weft", "weft", "2026-01-05 00:00:00", 3L, "2026-01-08 00:00:00");
        List<List<Object>> answers = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            answers.addAll(wh.queryList(sql, binds, row -> List.of(row.getLong(0), row.getString(1), row.getLong(2), row.getLong(3))));
        }
        expect(answers.size() == 2, "the probe answered " + answers.size() + " rows, expected one per run");
        expect(answers.get(0).get(0).equals(answers.get(1).get(0)), "the 64-bit hash differs between two runs: " + answers);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("weft".getBytes(StandardCharsets.UTF_8)));
        expect(sha.equals(answers.get(0).get(1)), "sha256('weft') is " + answers.get(0).get(1) + ", expected " + sha);
        expect(answers.get(0).get(2).equals(1L), "2026-01-05 plus 3 days is not 2026-01-08");
        expect(answers.get(0).get(3).equals(1L), "the current timestamp is null");
        return "hash64, sha256, add days, current timestamp";
    }

    private static String identity(Warehouse wh) {
        IdentityConfig config = IdentityConfigLoader.parse(Map.of("weft warehouse check", IDENTITY));
        IdentityPipeline.Result result = new IdentityPipeline(wh, config, IdentityTables.LIVE, IdentityService.SEED)
                .run(true, message -> { });
        long profiles = IdentityStatements.count(wh, IdentityTables.LIVE.profiles());
        expect(result.rounds() >= 1, "no contraction round ran on a cycle of four identifiers");
        expect(profiles == 3, "the run made " + profiles + " profiles, expected 3 (" + result.changes() + ")");
        return result.scopeNodes() + " identifiers, " + result.rounds() + " rounds, " + profiles + " profiles";
    }

    private static String audience(Warehouse wh) throws Exception {
        AudienceSchema schema = AudienceSchema.read(wh, TRAITS, EVENTS);
        AudienceDefinition definition = AudienceDefinition.parse(JSON.readTree(AUDIENCE), schema);
        AudienceQueries queries = new AudienceQueries(wh.dialect(), schema, AUDIENCE_NOW);
        AudienceQueries.Rendered members = queries.render(queries.members("check", definition, id -> Optional.empty()));
        List<String> ids = wh.queryList(members.sql(), members.binds(), row -> row.getString(0));
        // Of the three profiles only a@'s has both: b@'s order is too old, c@'s lifetime value too low.
        expect(ids.size() == 1, ids.size() + " members, expected 1 (a@weft-check.dev's profile)");
        return "1 member of 3 profiles";
    }

    private static SyncDefinition sync() throws Exception {
        JsonNode node = JSON.readTree(SYNC);
        return SyncDefinitionParser.parse(node, SYNC_ID, "check", "weft warehouse check");
    }

    private static String stateTable() {
        return WarehouseNames.of("weft_check_state_", SYNC_ID);
    }

    private static SyncPlanner.PlanCounts plan(Warehouse wh) throws Exception {
        return new SyncPlanner(wh).plan(sync(), stateTable(), SyncPlanner.planTable(SYNC_ID));
    }

    /** Acknowledges the whole plan as a delivery would, merges it into the state, and plans again: nothing is left. */
    private static String ackAndReplan(Warehouse wh) throws Exception {
        SyncState state = new SyncState(SYNC_ID, "check", stateTable(), "check");
        List<Object[]> acks = new ArrayList<>();
        new SyncPlanner(wh).stream(state, EnumSet.allOf(Operation.class), (rec, hash) -> acks.add(new Object[]{
                rec.key(), rec.operation().name().toLowerCase(Locale.ROOT), hash, (long) acks.size()}));
        long merged = AckJournal.mergeIntoState(wh, SYNC_ID, stateTable(), w -> {
            acks.forEach(w::append);
            return acks.size();
        });
        SyncPlanner.PlanCounts again = plan(wh);
        expect(again.total() == 0, "after merging " + merged + " acknowledgements the next plan still holds " + again);
        return merged + " acknowledgements merged, next plan empty";
    }
}
