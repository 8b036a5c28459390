package dev.weft.identity;

import dev.weft.testing.Golden;
import dev.weft.warehouse.BoundSql;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.SqlTemplates;
import dev.weft.warehouse.bigquery.BigQueryDialect;
import dev.weft.warehouse.snowflake.SnowflakeDialect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Identity's statements as Snowflake and BigQuery receive them, compared with reviewed golden files. */
class IdentitySqlGoldenTest {

    static Stream<Dialect> dialects() {
        return Stream.of(new SnowflakeDialect(), new BigQueryDialect());
    }

    private static String path(Dialect d, String name) {
        return "identity/" + d.name() + "/" + name + ".sql";
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void contractionRounds(Dialect d) {
        String p = "weft_tmp_id_cc_";
        Golden.assertMatches(path(d, "cc_prune"), SqlTemplates.statements(d, "identity/cc_prune.sql", Map.of("p", p, "edges", "weft_tmp_id_active")));
        Golden.assertMatches(path(d, "cc_round"), SqlTemplates.statements(d, "identity/cc_round.sql", Map.of("p", p, "i", 3, "seed", 424242L)));
        List<String> walk = new ArrayList<>(SqlTemplates.statements(d, "identity/cc_walk_back.sql", Map.of("p", p, "i", 2, "last", true)));
        walk.addAll(SqlTemplates.statements(d, "identity/cc_walk_back.sql", Map.of("p", p, "i", 1, "last", false)));
        Golden.assertMatches(path(d, "cc_walk_back"), walk);
        Golden.assertMatches(path(d, "cc_finish"), SqlTemplates.statements(d, "identity/cc_finish.sql", Map.of("p", p, "out", "weft_tmp_id_cc")));
        Golden.assertMatches(path(d, "cc_minlabel"), Stream.concat(
                SqlTemplates.statements(d, "identity/cc_minlabel_init.sql", Map.of("p", p, "edges", "weft_bench_edges")).stream(),
                SqlTemplates.statements(d, "identity/cc_minlabel_round.sql", Map.of("p", p, "i", 0)).stream()).toList());
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void pipelineStatements(Dialect d) {
        IdentityTables t = IdentityTables.LIVE;
        String p = t.tmpPrefix();
        Golden.assertMatches(path(d, "setup"), IdentityPipeline.render(d, t, p, 7, "run-7", "setup.sql", Map.of()));
        Golden.assertMatches(path(d, "dictionary"), IdentityPipeline.render(d, t, p, 7, "run-7", "dictionary.sql",
                Map.of("values", "SELECT id_value, MIN(first_seen) AS first_seen, MAX(last_seen) AS last_seen FROM weft_tmp_id_rows_0"
                        + " GROUP BY id_value", "first_load", false, "type", "email", "i", 1, "base", 1000L)));
        Golden.assertMatches(path(d, "edges_merge_incremental"), IdentityPipeline.render(d, t, p, 7, "run-7", "edges_merge.sql", Map.of("full", false, "limits", false, "reread", false)));
        Golden.assertMatches(path(d, "edges_merge_incremental_limits"), IdentityPipeline.render(d, t, p, 7, "run-7", "edges_merge.sql",
                Map.of("full", false, "limits", true, "reread", false)));
        Golden.assertMatches(path(d, "edges_merge_incremental_reread"), IdentityPipeline.render(d, t, p, 7, "run-7", "edges_merge.sql",
                Map.of("full", false, "limits", false, "reread", true)));
        Golden.assertMatches(path(d, "deletions_vanished"), IdentityPipeline.render(d, t, p, 7, "run-7", "deletions.sql#vanished",
                Map.of("source", Map.of("table", "raw_events", "row_key", "event_id"))));
        Golden.assertMatches(path(d, "deletions_removed"), IdentityPipeline.render(d, t, p, 7, "run-7", "deletions.sql#removed", Map.of()));
        Golden.assertMatches(path(d, "quarantine"), IdentityPipeline.render(d, t, p, 7, "run-7", "quarantine.sql",
                Map.of("caps", List.of(Map.of("type", "device_id", "neighbour", "user_id", "cap", 50)), "recount_all", true, "removed", false)));
        Golden.assertMatches(path(d, "quarantine_incremental"), IdentityPipeline.render(d, t, p, 7, "run-7", "quarantine.sql",
                Map.of("caps", List.of(Map.of("type", "device_id", "neighbour", "user_id", "cap", 50)), "recount_all", false, "removed", true)));
        Golden.assertMatches(path(d, "scope_full"), IdentityPipeline.render(d, t, p, 7, "run-7", "scope.sql",
                Map.of("full", true, "max_before", 0L, "limits", false, "types", List.of("user_id", "email"), "removed", false)));
        Golden.assertMatches(path(d, "scope_incremental"), IdentityPipeline.render(d, t, p, 7, "run-7", "scope.sql",
                Map.of("full", false, "max_before", 1000L, "limits", false, "types", List.of("user_id", "email"), "removed", false)));
        Golden.assertMatches(path(d, "scope_incremental_removed"), IdentityPipeline.render(d, t, p, 7, "run-7", "scope.sql",
                Map.of("full", false, "max_before", 1000L, "limits", false, "types", List.of("user_id", "email"), "removed", true)));
        Golden.assertMatches(path(d, "scope_incremental_limits"), IdentityPipeline.render(d, t, p, 7, "run-7", "scope.sql",
                Map.of("full", false, "max_before", 1000L, "limits", true, "types", List.of("user_id", "email"), "removed", false)));
        Golden.assertMatches(path(d, "components_all"), IdentityPipeline.render(d, t, p, 7, "run-7", "components_all.sql",
                Map.of("limits", false)));
        Golden.assertMatches(path(d, "components_all_limits"), IdentityPipeline.render(d, t, p, 7, "run-7", "components_all.sql",
                Map.of("limits", true)));
        Golden.assertMatches(path(d, "stable_ids"), IdentityPipeline.render(d, t, p, 7, "run-7", "stable_ids.sql",
                Map.of("types", List.of("user_id", "email"))));
        Golden.assertMatches(path(d, "graph_write_incremental"), IdentityPipeline.render(d, t, p, 7, "run-7", "graph_write.sql",
                Map.of("full", false, "limits", false)));
        Golden.assertMatches(path(d, "graph_write_full_limits"), IdentityPipeline.render(d, t, p, 7, "run-7", "graph_write.sql",
                Map.of("full", true, "limits", true)));
        Golden.assertMatches(path(d, "graph_write_incremental_limits"), IdentityPipeline.render(d, t, p, 7, "run-7", "graph_write.sql",
                Map.of("full", false, "limits", true)));
        Golden.assertMatches(path(d, "profiles_full"), IdentityPipeline.render(d, t, p, 7, "run-7", "profiles.sql",
                Map.of("full", true, "types", List.of("user_id", "email"))));
        Golden.assertMatches(path(d, "profiles_incremental"), IdentityPipeline.render(d, t, p, 7, "run-7", "profiles.sql",
                Map.of("full", false, "types", List.of("user_id", "email"))));
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void limitStatements(Dialect d) {
        IdentityConfig config = IdentityConfigLoader.parse(Map.of("identity.yml", """
                identifier_types:
                  anonymous_id:
                  user_id: {limit: 1}
                  email: {limit: 5}
                priority: [user_id, email, anonymous_id]
                sources:
                  - {table: events, row_key: id, timestamp: at, identifiers: {anonymous_id: anon, user_id: uid, email: mail}}
                """));
        IdentityTables t = IdentityTables.LIVE;
        String p = t.tmpPrefix();
        Map<String, Object> vars = ProfileLimits.templateVars(config);
        List<String> statements = new ArrayList<>(IdentityPipeline.render(d, t, p, 7, "run-7", "limits_scope.sql", vars));
        statements.addAll(IdentityPipeline.render(d, t, p, 7, "run-7", "limits_free_round.sql", with(vars, "i", 0)));
        statements.addAll(IdentityPipeline.render(d, t, p, 7, "run-7", "limits_relabel.sql", with(vars, "i", 0)));
        statements.addAll(IdentityPipeline.render(d, t, p, 7, "run-7", "limits_pair_round.sql", with(vars, "i", 1)));
        statements.addAll(IdentityPipeline.render(d, t, p, 7, "run-7", "limits_apply.sql", with(vars, "i", 2)));
        Golden.assertMatches(path(d, "limits"), statements);
    }

    private static Map<String, Object> with(Map<String, Object> vars, String key, Object value) {
        Map<String, Object> all = new java.util.HashMap<>(vars);
        all.put(key, value);
        return all;
    }

    @ParameterizedTest
    @MethodSource("dialects")
    void normalizationAndBlocklist(Dialect d) {
        IdentityConfig config = IdentityConfigLoader.parse(Map.of("identity.yml", """
                identifier_types:
                  email:
                  phone:
                    default_country_code: "44"
                  loyalty_id:
                    normalize: [trim, upper, {regex_replace: {pattern: "[^A-Z0-9]", replacement: ""}}]
                    blocklist: {values: [TEST], patterns: ["^X+$"]}
                sources:
                  - {table: crm, row_key: id, timestamp: updated_at, identifiers: {email: email, phone: phone, loyalty_id: card}}
                """));
        IdentifierSql sql = new IdentifierSql(d);
        List<String> out = new ArrayList<>();
        for (IdentityConfig.IdType type : config.types()) {
            BoundSql n = sql.normalize(type, "raw_col");
            BoundSql b = sql.blocked(type, "id_value");
            out.add("-- " + type.name() + " normalize, binds " + n.binds() + "\n" + n.sql());
            out.add("-- " + type.name() + " blocked, binds " + b.binds() + "\n" + b.sql());
        }
        Golden.assertMatches(path(d, "identifiers"), out);
    }
}
