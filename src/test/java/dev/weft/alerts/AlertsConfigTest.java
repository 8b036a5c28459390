package dev.weft.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.weft.WeftException;
import dev.weft.syncs.AlertRule;
import dev.weft.syncs.SyncDefinition;
import dev.weft.syncs.SyncDefinitionParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading {@code weft.alerts}: a valid configuration, and every problem of a bad one named by file, line and field. */
class AlertsConfigTest {

    @Test
    void readsChannelsAndRules() {
        AlertsConfig config = AlertsConfig.parse("""
                weft:
                  warehouse: local
                  alerts:
                    channels:
                      ops-slack: {type: slack, url: env:WEFT_ALERTS_SLACK_URL}
                      pager: {type: webhook, url: env:WEFT_ALERTS_WEBHOOK_URL, signing-secret: vault:alerts/signing-secret}
                      oncall: {type: email, host: smtp.example.com, username: weft, password: env:WEFT_SMTP_PASSWORD,
                               from: weft@example.com, to: [oncall@example.com]}
                    rules:
                      - rule: run_failed
                      - {rule: failure_rate, above: 0.05, to: [ops-slack]}
                      - {rule: no_success, within: 26h}
                      - {rule: job_stuck, after: 2h}
                """, "weft.yml");

        assertThat(config.channels()).containsOnlyKeys("ops-slack", "pager", "oncall");
        AlertChannel.Email mail = (AlertChannel.Email) config.channels().get("oncall");
        assertThat(mail.port()).isEqualTo(587);
        assertThat(mail.tls()).isEqualTo(AlertChannel.Tls.STARTTLS);
        assertThat(mail.password()).hasToString("env:WEFT_SMTP_PASSWORD");
        assertThat(((AlertChannel.Webhook) config.channels().get("pager")).signingSecret()).hasToString("vault:alerts/signing-secret");
        assertThat(config.rules()).extracting(AlertRule::rule).containsExactly(AlertRule.Kind.RUN_FAILED, AlertRule.Kind.FAILURE_RATE,
                AlertRule.Kind.NO_SUCCESS, AlertRule.Kind.JOB_STUCK);
        assertThat(config.rules().get(1).above()).isEqualTo(0.05);
        assertThat(config.rules().get(1).to()).containsExactly("ops-slack");
        assertThat(config.rules().get(2).within()).isEqualTo(Duration.ofHours(26));
        assertThat(config.rules().get(3).after()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void theExamplesOfTheDocsAreValid() throws Exception {
        AlertsConfig config = AlertsConfig.parse(yamlBlockAfter(Path.of("docs/operating.md"), "## Alerts"), "docs/operating.md");
        assertThat(config.channels()).containsOnlyKeys("ops-slack", "pager", "oncall");
        assertThat(config.rules()).extracting(AlertRule::rule).containsExactly(AlertRule.Kind.RUN_FAILED, AlertRule.Kind.FAILURE_RATE,
                AlertRule.Kind.NO_SUCCESS, AlertRule.Kind.JOB_STUCK, AlertRule.Kind.SOURCE_FRESHNESS);
        assertThat(config.rules().get(4).to()).containsExactly("ops-slack");

        String sync = yamlBlockAfter(Path.of("docs/syncs.md"), "## Alerts");
        SyncDefinition definition = SyncDefinitionParser.parse(new ObjectMapper(new YAMLFactory()).readTree(sync), "contacts_to_crm",
                "git", "docs/syncs.md");
        assertThat(AlertRule.effective(config.rules(), definition.alerts())).extracting(AlertRule::rule)
                .containsExactly(AlertRule.Kind.RUN_FAILED, AlertRule.Kind.FAILURE_RATE, AlertRule.Kind.NO_SUCCESS);
        for (AlertRule rule : definition.alerts()) {
            assertThat(AlertsConfig.unknownChannels(rule, config.channels().keySet(), "/alerts")).isEmpty();
        }
    }

    /** The first YAML code block after the heading. */
    private static String yamlBlockAfter(Path doc, String heading) throws Exception {
        String text = Files.readString(doc);
        int start = text.indexOf("```yaml\n", text.indexOf("\n" + heading + "\n")) + "```yaml\n".length();
        return text.substring(start, text.indexOf("```", start));
    }

    @Test
    void noAlertsSectionIsNoAlerts() {
        assertThat(AlertsConfig.parse("weft:\n  warehouse: local\n", "weft.yml")).isEqualTo(AlertsConfig.none());
    }

    @Test
    void everyProblemIsNamedByFileLineAndFieldAndASecretWrittenInPlaceIsNeverRepeated() {
        assertThatThrownBy(() -> AlertsConfig.parse("""
                weft:
                  alerts:
                    channels:
                      ops-slack:
                        type: slack
                        url: https://hooks.slack.com/services/T0/B0/sEcReTpAtH
                      pager: {type: pagerduty}
                      oncall: {type: email, host: smtp.example.com, username: weft, from: not-an-address, to: [], tls: maybe}
                    rules:
                      - {rule: failure_rate, above: 5}
                      - {rule: no_success}
                      - {rule: run_failed, to: [nowhere]}
                      - {rule: run_late}
                """, "/srv/shop/weft.yml"))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("/srv/shop/weft.yml line 6: /weft/alerts/channels/ops-slack/url: is a secret: write env:VARIABLE")
                .hasMessageContaining("/srv/shop/weft.yml line 7: /weft/alerts/channels/pager/type: must be slack, webhook or email, got 'pagerduty'")
                .hasMessageContaining("/weft/alerts/channels/oncall/password: is required with username")
                .hasMessageContaining("/weft/alerts/channels/oncall/from: must be an email address, got 'not-an-address'")
                .hasMessageContaining("/weft/alerts/channels/oncall/to: is required: a list of email addresses")
                .hasMessageContaining("/weft/alerts/channels/oncall/tls: must be starttls, ssl or none, got 'maybe'")
                .hasMessageContaining("line 10: /weft/alerts/rules/0/above: must be a number from 0 to below 1, got 5")
                .hasMessageContaining("line 11: /weft/alerts/rules/1/within: is required")
                .hasMessageContaining("line 12: /weft/alerts/rules/2/to/0: no channel 'nowhere' under weft.alerts.channels")
                .hasMessageContaining("line 13: /weft/alerts/rules/3/rule: 'run_late' is no rule: one of run_failed, failure_rate, no_success, job_stuck")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sEcReTpAtH"));
    }

    @Test
    void aSyncsOwnRuleReplacesTheDefaultOfItsKindAndCanSwitchItOff() {
        AlertRule failedToAll = new AlertRule(AlertRule.Kind.RUN_FAILED, null, null, null, List.of(), true);
        AlertRule stale = new AlertRule(AlertRule.Kind.NO_SUCCESS, null, Duration.ofHours(26), null, List.of(), true);
        AlertRule failedToPager = new AlertRule(AlertRule.Kind.RUN_FAILED, null, null, null, List.of("pager"), true);
        AlertRule staleOff = new AlertRule(AlertRule.Kind.NO_SUCCESS, null, null, null, List.of(), false);

        assertThat(AlertRule.effective(List.of(failedToAll, stale), List.of(failedToPager, staleOff))).containsExactly(failedToPager);
        assertThat(AlertRule.effective(List.of(failedToAll, stale), List.of())).containsExactly(failedToAll, stale);
    }
}
