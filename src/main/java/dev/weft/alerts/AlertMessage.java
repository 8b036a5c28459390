package dev.weft.alerts;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.weft.syncs.AlertRule;

import java.time.Instant;
import java.util.Locale;

/**
 * What an alert says: an incident of {@code rule} on a sync opened (with what was seen) or resolved.
 *
 * @param detail what the rule saw when the incident opened
 */
record AlertMessage(Event event, AlertRule.Kind rule, String syncId, String detail, Instant openedAt, Instant clearedAt) {

    enum Event { OPENED, RESOLVED }

    String title() {
        return "[weft] " + (event == Event.OPENED ? "ALERT" : "RESOLVED") + " sync " + syncId + ": " + rule.configName();
    }

    String text() {
        return event == Event.OPENED
                ? title() + ": " + detail + " (since " + openedAt + ")"
                : title() + " cleared at " + clearedAt + " (open since " + openedAt + ": " + detail + ")";
    }

    /** The generic webhook's JSON body. */
    WebhookBody body() {
        return new WebhookBody(event.name().toLowerCase(Locale.ROOT), rule.configName(), syncId, text(), detail, openedAt, clearedAt);
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record WebhookBody(String event, String rule, String syncId, String text, String detail, Instant openedAt, Instant clearedAt) {
    }
}
