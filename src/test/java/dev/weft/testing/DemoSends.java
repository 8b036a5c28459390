package dev.weft.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.warehouse.Warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the demo's file syncs sent, checked against the demo's consent source, suppression list and priority list
 * read on their own (consent/consent.yml, audiences/priority-lists/carts-first.json): a second reading of the rules
 * rather than the withholding SQL again, so a sync that sent someone it must not fails here.
 */
public final class DemoSends {

    /** The demo's syncs and the purpose each declares. */
    public static final Map<String, String> PURPOSES = Map.of("contacts_to_file", "email_marketing",
            "engaged_target_to_file", "ads_targeting", "high_value_lapsed_to_file", "email_marketing");

    private DemoSends() {
    }

    /** A file sync's records as its destination holds them now (under {@code workspace}/demo-output): key to the email sent. */
    public static Map<String, String> sentEmails(Path workspace, String sync) {
        Path current = workspace.resolve("demo-output").resolve(sync).resolve("current.jsonl");
        Map<String, String> sent = new HashMap<>();
        if (!Files.exists(current)) {
            return sent;
        }
        try {
            ObjectMapper json = new ObjectMapper();
            for (String line : Files.readAllLines(current)) {
                JsonNode record = json.readTree(line);
                sent.put(record.path("key").asText(), record.path("fields").path("email").asText());
            }
            return sent;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts that the sync sent someone, and no email whose latest consent event for its purpose is a revocation
     * (a tie goes to the revocation) or that is at the employees' domain, acme.io; and that the data holds such
     * emails, so the check cannot pass for want of them.
     */
    public static void assertConsentAndSuppressionHonoured(Warehouse wh, Path workspace, String sync) {
        String purpose = PURPOSES.get(sync);
        Map<String, String> sent = sentEmails(workspace, sync);
        assertThat(sent).as(sync + " sent someone").isNotEmpty();
        Set<String> revoked = new TreeSet<>(wh.queryList("SELECT email FROM (SELECT lower(trim(email)) AS email, status,"
                + " ROW_NUMBER() OVER (PARTITION BY lower(trim(email)) ORDER BY changed_at DESC,"
                + " CASE WHEN status = 'granted' THEN 1 ELSE 0 END) AS latest FROM stg_consent WHERE purpose = ?) c"
                + " WHERE latest = 1 AND status <> 'granted'", List.of(purpose), r -> r.getString(0)));
        assertThat(revoked).as("someone revoked " + purpose).isNotEmpty();
        assertThat(wh.queryLong("SELECT COUNT(*) FROM stg_contacts WHERE lower(trim(email)) LIKE '%@acme.io'").orElseThrow())
                .as("the demo has employees").isPositive();
        assertThat(sent.values()).as(sync + ": no one whose latest " + purpose + " event revoked it").doesNotContainAnyElementsOf(revoked)
                .as(sync + ": no employee").noneMatch(email -> email.endsWith("@acme.io"));
    }

    /**
     * Asserts that the engaged audience's sync, which reads through the carts-first priority list, sent only members of
     * its target group and no cart abandoner (they belong to the higher-priority audience), where some target members
     * are cart abandoners.
     */
    public static void assertPriorityListHonoured(Warehouse wh, Path workspace) {
        Set<String> cartAbandoners = new TreeSet<>(wh.queryList("SELECT profile_id FROM weft_audience_members WHERE audience_id = ?",
                List.of("cart-abandoners-7d"), r -> r.getString(0)));
        Set<String> engagedTarget = new TreeSet<>(wh.queryList("SELECT profile_id FROM weft_audience_members WHERE audience_id = ?"
                + " AND split_group = ?", List.of("engaged-with-holdout", "target"), r -> r.getString(0)));
        assertThat(engagedTarget).as("the priority cut has someone to take").containsAnyElementsOf(cartAbandoners);
        assertThat(sentEmails(workspace, "engaged_target_to_file").keySet()).as("engaged targets, none under the cart-recovery campaign")
                .isNotEmpty().isSubsetOf(engagedTarget).doesNotContainAnyElementsOf(cartAbandoners);
    }
}
