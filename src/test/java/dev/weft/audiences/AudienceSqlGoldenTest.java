package dev.weft.audiences;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.testing.Golden;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.Dialect;
import dev.weft.warehouse.TableInfo;
import dev.weft.warehouse.TableInfo.ColumnInfo;
import dev.weft.warehouse.bigquery.BigQueryDialect;
import dev.weft.warehouse.duckdb.DuckDbDialect;
import dev.weft.warehouse.postgres.PostgresDialect;
import dev.weft.warehouse.snowflake.SnowflakeDialect;
import org.jooq.Select;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SQL of every construct, per engine, pinned in reviewed files: the only check for Snowflake and
 * BigQuery (which cannot run here), and a readable record of what DuckDB and Postgres run.
 */
class AudienceSqlGoldenTest {

    static final String DEFINITION = """
            {"name": "every construct", "conditions": [
              {"type": "trait", "column": "country", "operator": "in", "value": ["DE", "FR"]},
              {"type": "trait", "column": "email", "operator": "contains", "value": "@shop"},
              {"type": "or", "conditions": [
                {"type": "trait", "column": "Mixed Case", "operator": "starts_with", "value": "x"},
                {"type": "not", "condition": {"type": "trait", "column": "last_order_at", "operator": "within_last",
                  "value": {"amount": 3, "unit": "months"}}}]},
              {"type": "trait", "column": "lifetime_value", "operator": "between", "value": {"from": 100, "to": 500}},
              {"type": "event", "event": "order_completed",
               "where": [{"property": "category", "operator": "equals", "value": "shoes"},
                         {"property": "qty", "operator": "greater_than", "value": 1},
                         {"property": "gift", "operator": "equals", "value": true},
                         {"property": "shipped_at", "operator": "after", "value": "2025-05-01"}],
               "count": {"operator": "at_least", "value": 2}, "window": {"last": {"amount": 60, "unit": "days"}},
               "aggregate": {"function": "sum", "property": "revenue", "operator": "greater_than_or_equal", "value": 200}},
              {"type": "audience", "operator": "not_in", "audience": "buyers", "group": "target"}],
             "split": {"name": "holdout", "groups": [{"name": "holdout", "percent": 10}, {"name": "target", "percent": 90}]}}
            """;
    static final String BUYERS = """
            {"conditions": [{"type": "event", "event": "order_completed", "window": {"between": {"from": "2025-01-01", "to": "2025-03-31"}}}],
             "split": {"name": "ab", "groups": [{"name": "target", "percent": 50}, {"name": "control", "percent": 50}]}}
            """;

    static List<Dialect> dialects() {
        return List.of(new DuckDbDialect(), new PostgresDialect(), new SnowflakeDialect(), new BigQueryDialect());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void statementsPerEngine(Dialect dialect) throws Exception {
        Map<ColumnType, String> t = Map.of(ColumnType.VARCHAR, dialect.typeName(ColumnType.VARCHAR),
                ColumnType.DOUBLE, dialect.typeName(ColumnType.DOUBLE), ColumnType.TIMESTAMP, dialect.typeName(ColumnType.TIMESTAMP),
                ColumnType.JSON, dialect.typeName(ColumnType.JSON));
        TableInfo traits = new TableInfo("profile_traits", List.of(col("profile_id", ColumnType.VARCHAR, t),
                col("email", ColumnType.VARCHAR, t), col("country", ColumnType.VARCHAR, t), col("mixed case", ColumnType.VARCHAR, t),
                col("lifetime_value", ColumnType.DOUBLE, t), col("last_order_at", ColumnType.TIMESTAMP, t)));
        TableInfo events = new TableInfo("profile_events", List.of(col("profile_id", ColumnType.VARCHAR, t),
                col("event_name", ColumnType.VARCHAR, t), col("occurred_at", ColumnType.TIMESTAMP, t),
                col("properties", ColumnType.JSON, t), col("revenue", ColumnType.DOUBLE, t)));
        Map<String, ColumnType> typed = Map.of("qty", ColumnType.DOUBLE, "gift", ColumnType.BOOLEAN, "shipped_at", ColumnType.TIMESTAMP);
        AudienceSchema schema = new AudienceSchema(traits, events, Set.of("order_completed", "added_to_cart"),
                Map.of("order_completed", typed, "added_to_cart", typed));
        ObjectMapper json = new ObjectMapper();
        AudienceDefinition def = DefinitionParser.parse(json.readTree(DEFINITION), "", schema, true);
        AudienceDefinition buyers = DefinitionParser.parse(json.readTree(BUYERS), "", schema, false);
        AudienceQueries q = new AudienceQueries(dialect, schema, LocalDateTime.of(2025, 6, 15, 12, 0));
        Select<?> members = q.members("aud-1", def, id -> id.equals("buyers") ? Optional.of(buyers) : Optional.empty());
        Select<?> other = q.members("buyers", buyers, id -> Optional.empty());
        AudienceQueries.Materialization m = q.materialize("aud-1", members, LocalDateTime.of(2025, 6, 15, 12, 0));
        String dir = "audiences/" + dialect.name() + "/";
        Golden.assertMatches(dir + "members.sql", shown(q.render(members)));
        Golden.assertMatches(dir + "preview.sql", List.of(shown(q.render(q.preview(members, 10))),
                shown(q.render(q.traitsOf(List.of("p1", "p2"), List.of("email", "mixed case"))))));
        Golden.assertMatches(dir + "overlap.sql", shown(q.render(q.overlap(List.of(members, other)))));
        Golden.assertMatches(dir + "diff.sql", List.of(shown(q.render(q.diff(other, members, 10))), shown(q.render(q.diff(null, members, 10)))));
        Golden.assertMatches(dir + "materialize.sql", List.of(m.clearStage(), m.stage(), m.countEntered(), m.countExited(),
                m.deleteLeft(), m.insertNew(), m.size()).stream().map(AudienceSqlGoldenTest::shown).toList());
    }

    private static ColumnInfo col(String name, ColumnType type, Map<ColumnType, String> engineTypes) {
        return new ColumnInfo(name, engineTypes.get(type), type);
    }

    /** The statement, then its bind values as a comment: a reviewer sees no value inside the SQL. */
    private static String shown(AudienceQueries.Rendered r) {
        return r.sql() + "\n-- binds: " + r.binds().stream().map(String::valueOf).collect(Collectors.joining(" | "));
    }
}
