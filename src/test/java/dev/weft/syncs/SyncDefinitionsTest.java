package dev.weft.syncs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sync files: every problem is reported with the file and line; a valid file round-trips through the API shape. */
class SyncDefinitionsTest {

    @TempDir
    Path dir;

    @Test
    void problemsNameTheFileAndLine() throws Exception {
        Path file = dir.resolve("bad.yml");
        Files.writeString(file, """
                source: {model: people}
                destination: {type: file, connection: x}
                mode: sideways
                key: id
                mapping:
                  - {from: email, to: email, transforms: [lower, shout]}
                schedule: {every: 10s}
                """);
        assertThatThrownBy(() -> SyncDefinitions.load(file))
                .hasMessageContaining("bad.yml line 3: /mode: must be one of upsert, update, insert, mirror")
                .hasMessageContaining("bad.yml line 6: /mapping/0/transforms/1: unknown transform 'shout'")
                .hasMessageContaining("bad.yml line 7: /schedule/every: must be an interval of at least 1m");
    }

    @Test
    void aValidFileRoundTripsThroughItsJson() throws Exception {
        Path file = dir.resolve("vip.yml");
        Files.writeString(file, """
                source: {audience: vip, split_group: target}
                destination: {type: webhook, connection: hook, options: {list: "42"}}
                mode: mirror
                mapping:
                  - {from: email, to: email, transforms: [trim, lower, sha256]}
                  - {constant: weft, to: source}
                schedule: {cron: "*/15 * * * *", missed: skip}
                """);
        SyncDefinition d = SyncDefinitions.load(file);
        assertThat(d.id()).isEqualTo("vip");
        assertThat(d.key()).isEqualTo("profile_id");
        SyncDefinition again = SyncDefinitionParser.parse(SyncDefinitions.toJson(d), null, "git", "json");
        assertThat(again).isEqualTo(d);
    }
}
