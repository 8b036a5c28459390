package dev.weft.audiences;

import dev.weft.Workspace;
import dev.weft.warehouse.ColumnType;
import dev.weft.warehouse.TableInfo;
import dev.weft.warehouse.TableInfo.ColumnInfo;
import dev.weft.warehouse.duckdb.DuckDbDialect;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The audiences shipped in audiences/ fit the demo models' documented columns and compile. */
class DemoAudiencesTest {

    @Test
    void demoAudiencesValidateAgainstTheDemoModelsAndCompile() {
        TableInfo traits = new TableInfo("profile_traits", List.of(c("profile_id", ColumnType.VARCHAR), c("email", ColumnType.VARCHAR),
                c("country", ColumnType.VARCHAR), c("plan", ColumnType.VARCHAR), c("lifetime_value", ColumnType.DOUBLE),
                c("order_count", ColumnType.BIGINT), c("first_seen_at", ColumnType.TIMESTAMP), c("last_seen_at", ColumnType.TIMESTAMP),
                c("last_order_at", ColumnType.TIMESTAMP)));
        TableInfo events = new TableInfo("profile_events", List.of(c("profile_id", ColumnType.VARCHAR), c("event_name", ColumnType.VARCHAR),
                c("occurred_at", ColumnType.TIMESTAMP), c("properties", ColumnType.JSON), c("revenue", ColumnType.DOUBLE)));
        AudienceSchema schema = new AudienceSchema(traits, events, Set.of("page_viewed", "product_viewed", "added_to_cart",
                "checkout_started", "order_completed", "app_opened", "signed_up", "logged_in"));
        GitAudiences git = new GitAudiences(new Workspace(Path.of(".").toString()));
        List<Audience> files = git.list();
        assertThat(files).extracting(Audience::id).contains("high-value-lapsed", "cart-abandoners-7d", "engaged-with-holdout", "shoe-buyers-eu");
        Map<String, AudienceDefinition> defs = files.stream().collect(Collectors.toMap(Audience::id,
                a -> DefinitionParser.parse(a.definition(), "", schema, true)));
        Function<String, Optional<AudienceDefinition>> find = id -> Optional.ofNullable(defs.get(id));
        AudienceQueries q = new AudienceQueries(new DuckDbDialect(), schema, LocalDateTime.now());
        defs.forEach((id, def) -> assertThat(q.render(q.members(id, def, find::apply)).sql()).contains("weft_profiles"));
        assertThat(defs.get("engaged-with-holdout").split().groups()).extracting(Split.Group::percent).containsExactly(10, 90);
    }

    private static ColumnInfo c(String name, ColumnType type) {
        return new ColumnInfo(name, type.name(), type);
    }
}
