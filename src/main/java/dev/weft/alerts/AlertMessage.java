package dev.weft.alerts;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.weft.syncs.AlertRule;

import java.time.Instant;
import java.util.Locale;

/**
 * What an alert says: an incident of {@code rule} on a sync or a source table ({@code about}, {@code subject}) opened
 * (with what was seen) or resolved.
 *
 * @param detail what the rule saw when the incident opened
 */
record AlertMessage(Event event, AlertRule.Kind rule, About about, String subject, String detail, Instant openedAt,
                    Instant clearedAt) {

    enum Event { OPENED, RESOLVED }

    /** What an incident is about: a sync (by id) or a source table ({@code raw.events}). */
    enum About {
        SYNC, SOURCE;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    String title() {
        return "[weft] " + (event == Event.OPENED ? "ALERT" : "RESOLVED") + " " + about.label() + " " + subject + ": " + rule.configName();
    }

    String text() {
        return event == Event.OPENED
                ? title() + ": " + detail + " (since " + openedAt + ")"
                : title() + " cleared at " + clearedAt + " (open since " + openedAt + ": " + detail + ")";
    }

    /** The generic webhook's JSON body: {@code sync_id} or {@code source} names the subject, the other is null. */
    WebhookBody body() {
        return new WebhookBody(event.name().toLowerCase(Locale.ROOT), rule.configName(), about == About.SYNC ? subject : null,
                about == About.SOURCE ? subject : null, text(), detail, openedAt, clearedAt);
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record WebhookBody(String event, String rule, String syncId, String source, String text, String detail, Instant openedAt,
                       Instant clearedAt) {
    }
}
