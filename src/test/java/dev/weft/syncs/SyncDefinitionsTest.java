package dev.weft.syncs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.weft.definitions.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
    void schedulesTheSchedulerCouldNotComputeAreRefusedAtTheirPointer() throws Exception {
        for (String every : List.of("9999999999999d", "99999999999999999999d", "367d", "0m", "59s")) {
            assertThatThrownBy(() -> parse("{every: \"" + every + "\"}")).as(every)
                    .isInstanceOfSatisfying(InvalidSyncException.class, e -> assertThat(e.problems()).singleElement()
                            .isEqualTo(new Problem("/schedule/every", "must be an interval of at least 1m and at"
                                    + " most 366d (a whole number and s, m, h or d, like 30m, 6h, 1d); got '" + every + "'")));
        }
        assertThat(parse("{every: 366d}").schedule().every()).isEqualTo(Duration.ofDays(366));
        assertThat(parse("{every: 1m}").schedule().every()).isEqualTo(Duration.ofMinutes(1));

        assertThatThrownBy(() -> parse("{cron: \"0 0 30 2 *\"}"))
                .isInstanceOfSatisfying(InvalidSyncException.class, e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.path()).isEqualTo("/schedule/cron");
                    assertThat(p.problem()).startsWith("'0 0 30 2 *' never runs (it matches no date, like February 30)");
                }));
        assertThatThrownBy(() -> parse("{cron: \"0 0 * * 8\"}"))
                .isInstanceOfSatisfying(InvalidSyncException.class, e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.path()).isEqualTo("/schedule/cron");
                    assertThat(p.problem()).startsWith("is not a 5-field cron expression (minute hour day-of-month month day-of-week,"
                            + " in UTC, like 0 6 * * *)");
                }));

        Path file = dir.resolve("forever.yml");
        Files.writeString(file, """
                source: {model: people}
                destination: {type: file, connection: x}
                key: id
                mapping: [{from: email, to: email}]
                schedule: {every: 9999999999999d}
                """);
        assertThatThrownBy(() -> SyncDefinitions.load(file))
                .hasMessageContaining("forever.yml line 5: /schedule/every: must be an interval of at least 1m and at most 366d");
    }

    @Test
    void badAlertRulesAreNamedByFileLineAndField() throws Exception {
        Path file = dir.resolve("noisy.yml");
        Files.writeString(file, """
                source: {model: people}
                destination: {type: file, connection: x}
                key: id
                mapping: [{from: email, to: email}]
                alerts:
                  - {rule: failure_rate, above: 0.5, within: 1h}
                  - {rule: job_stuck, after: soon}
                  - {rule: run_failed, to: [Ops Room], loud: true}
                  - {rule: run_failed}
                  - {rule: source_freshness}
                """);
        assertThatThrownBy(() -> SyncDefinitions.load(file))
                .hasMessageContaining("noisy.yml line 10: /alerts/4/rule: source_freshness watches source tables, not a sync: set it under"
                        + " weft.alerts.rules in weft.yml")
                .hasMessageContaining("noisy.yml line 6: /alerts/0/within: does not apply to the rule failure_rate")
                .hasMessageContaining("noisy.yml line 7: /alerts/1/after: must be an interval of at least 1m, got \"soon\"")
                .hasMessageContaining("noisy.yml line 8: /alerts/2/to/0: must be a channel name (lower-case letters, digits, _ and -)")
                .hasMessageContaining("noisy.yml line 8: /alerts/2/loud: unknown key")
                .hasMessageContaining("noisy.yml line 9: /alerts/3/rule: 'run_failed' is given twice");
    }

    @Test
    void onConsentLostIsCheckedWithFileLineAndPointer() throws Exception {
        Path mirror = dir.resolve("mirrored.yml");
        Files.writeString(mirror, """
                source: {audience: vip}
                destination: {type: webhook, connection: hook}
                mode: mirror
                mapping: [{from: email, to: email}]
                on_consent_lost:
                  fields: {email_opt_in: false}
                """);
        assertThatThrownBy(() -> SyncDefinitions.load(mirror))
                .hasMessageContaining("mirrored.yml line 5: /on_consent_lost: applies to upsert and update syncs only");
        Path bad = dir.resolve("bad_lost.yml");
        Files.writeString(bad, """
                source: {audience: vip}
                destination: {type: webhook, connection: hook}
                key: email
                mapping: [{from: email, to: email}]
                on_consent_lost:
                  fields:
                    email: nobody@example.com
                    tags: [a, b]
                  send: always
                """);
        assertThatThrownBy(() -> SyncDefinitions.load(bad))
                .hasMessageContaining("bad_lost.yml line 7: /on_consent_lost/fields/email: is mapped from the key 'email'")
                .hasMessageContaining("bad_lost.yml line 8: /on_consent_lost/fields/tags: must be a text, number, boolean or null")
                .hasMessageContaining("bad_lost.yml line 9: /on_consent_lost/send: unknown key");
        Path empty = dir.resolve("empty_lost.yml");
        Files.writeString(empty, """
                source: {audience: vip}
                destination: {type: webhook, connection: hook}
                mapping: [{from: email, to: email}]
                on_consent_lost: {fields: {}}
                """);
        assertThatThrownBy(() -> SyncDefinitions.load(empty))
                .hasMessageContaining("empty_lost.yml line 4: /on_consent_lost/fields: is required");

        Path good = dir.resolve("crm.yml");
        Files.writeString(good, """
                source: {audience: vip}
                destination: {type: webhook, connection: hook}
                mode: update
                mapping: [{from: email, to: email}]
                on_consent_lost:
                  fields: {email_opt_in: false, status: unsubscribed, score: 0, note: null}
                """);
        SyncDefinition d = SyncDefinitions.load(good);
        assertThat(d.onConsentLost().fields().keySet()).containsExactly("email_opt_in", "status", "score", "note");
        assertThat(d.onConsentLost().fields().values()).containsExactly(false, "unsubscribed", 0, null);
        assertThat(SyncDefinitionParser.parse(SyncDefinitions.toJson(d), null, "git", "json")).isEqualTo(d);
    }

    private static SyncDefinition parse(String schedule) throws Exception {
        return SyncDefinitionParser.parse(new ObjectMapper(new YAMLFactory()).readTree("""
                source: {model: people}
                destination: {type: file, connection: x}
                key: id
                mapping: [{from: email, to: email}]
                schedule: %s
                """.formatted(schedule)), "s", "api", "request body");
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
                alerts:
                  - {rule: failure_rate, above: 0.02, to: [ops-slack]}
                  - {rule: no_success, within: 90m}
                  - {rule: job_stuck, enabled: false}
                """);
        SyncDefinition d = SyncDefinitions.load(file);
        assertThat(d.alerts()).hasSize(3);
        assertThat(d.alerts().get(1).within()).isEqualTo(Duration.ofMinutes(90));
        assertThat(d.id()).isEqualTo("vip");
        assertThat(d.key()).isEqualTo("profile_id");
        SyncDefinition again = SyncDefinitionParser.parse(SyncDefinitions.toJson(d), null, "git", "json");
        assertThat(again).isEqualTo(d);
    }
}
