package dev.weft.syncs;

import dev.weft.Workspace;
import dev.weft.audit.AuditLog;
import dev.weft.store.Store;
import dev.weft.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The syncs side of "an audience used by a sync cannot be deleted": every sync reading it is named. */
class SyncsUsingAudienceTest {

    @TempDir
    Path dir;

    @Test
    void namesEverySyncWhoseSourceIsTheAudienceAndNoOther() throws Exception {
        Files.createDirectories(dir.resolve("syncs"));
        String sync = """
                source: {audience: %s}
                destination: {type: webhook, connection: hook}
                mode: upsert
                mapping:
                  - {from: email, to: email}
                schedule: {every: 1h}
                """;
        Files.writeString(dir.resolve("syncs/vip_to_crm.yml"), sync.formatted("vip"));
        Files.writeString(dir.resolve("syncs/vip_holdout.yml"), sync.formatted("vip"));
        Files.writeString(dir.resolve("syncs/lapsed.yml"), sync.formatted("lapsed"));
        Files.writeString(dir.resolve("syncs/people.yml"), sync.replace("audience: %s", "model: people").replace("mode: upsert", "mode: upsert\nkey: id"));
        try (Store store = new Store(new StoreConfig(null, null, null, null), new Workspace(dir.toString()))) {
            SyncsUsingAudience usage = new SyncsUsingAudience(new SyncDefinitions(new Workspace(dir.toString()), store, new AuditLog(store)));
            assertThat(usage.syncsUsing("vip")).containsExactlyInAnyOrder("vip_to_crm", "vip_holdout");
            assertThat(usage.syncsUsing("lapsed")).containsExactly("lapsed");
            assertThat(usage.syncsUsing("nobody")).isEmpty();
        }
    }
}
