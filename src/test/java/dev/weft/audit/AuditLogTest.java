package dev.weft.audit;

import dev.weft.store.Store;
import dev.weft.testing.TestPostgres;
import dev.weft.testing.TestStores;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit log on both stores: the actor in effect, masking, newest first, filters and pages. */
class AuditLogTest {

    @TempDir
    Path dir;

    record Thing(String name, Map<String, String> secrets, String password, List<Map<String, String>> nested, Instant at) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void recordsWhoWhatAndWhenMaskingSecretsAndReadsNewestFirstInPages(String kind) {
        String schema = kind.equals("postgres") ? TestPostgres.freshSchema("audit") : null;
        try (Store store = schema == null ? TestStores.h2(dir) : TestStores.postgres(schema, dir)) {
            AuditLog audit = new AuditLog(store);
            Instant at = Instant.parse("2026-12-07T04:00:00Z");
            Thing before = new Thing("a", Map.of("api_key", "k1"), "p1", List.of(Map.of("token", "t1", "kept", "v")), at);
            Thing after = new Thing("b", Map.of("api_key", "k2"), "p2", List.of(), at);

            audit.record("thing.create", "thing", "1", null, before);
            new Actor("ann").actFor(() -> {
                audit.record("thing.update", "thing", "1", before, after);
                new Actor("bob").actFor(() -> {
                    audit.record("thing.delete", "thing", "2", after, null);
                    return null;
                });
                assertThat(Actor.current().name()).isEqualTo("ann");
                return null;
            });
            assertThat(Actor.current()).isEqualTo(Actor.WEFT);

            List<AuditEntry> all = audit.list(AuditFilter.ALL, null, 10).entries();
            assertThat(all).extracting(AuditEntry::action).containsExactly("thing.delete", "thing.update", "thing.create");
            assertThat(all).extracting(AuditEntry::actor).containsExactly("bob", "ann", "weft");
            AuditEntry update = all.get(1);
            assertThat(update.before().get("name").asText()).isEqualTo("a");
            assertThat(update.before().get("secrets").asText()).isEqualTo("***");
            assertThat(update.before().get("password").asText()).isEqualTo("***");
            assertThat(update.before().at("/nested/0/token").asText()).isEqualTo("***");
            assertThat(update.before().at("/nested/0/kept").asText()).isEqualTo("v");
            assertThat(update.before().get("at").asText()).isEqualTo("2026-12-07T04:00:00Z");
            assertThat(update.after().get("name").asText()).isEqualTo("b");
            assertThat(all.get(2).before()).isNull();
            assertThat(all.get(0).after()).isNull();
            assertThat(all.toString()).doesNotContain("k1", "k2", "p1", "p2", "t1");
            assertThat(all.get(0).recordedAt()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));

            AuditPage first = audit.list(new AuditFilter("thing", "1", null), null, 1);
            assertThat(first.entries()).extracting(AuditEntry::action).containsExactly("thing.update");
            AuditPage second = audit.list(new AuditFilter("thing", "1", null), first.next(), 1);
            assertThat(second.entries()).extracting(AuditEntry::action).containsExactly("thing.create");
            assertThat(second.next()).isNull();
            assertThat(audit.list(new AuditFilter(null, null, "ann"), null, 10).entries()).singleElement()
                    .extracting(AuditEntry::action).isEqualTo("thing.update");
        } finally {
            if (schema != null) {
                TestPostgres.dropSchema(schema);
            }
        }
    }
}
