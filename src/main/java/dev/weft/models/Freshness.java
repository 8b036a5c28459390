package dev.weft.models;

import java.time.Duration;
import java.util.Locale;

/**
 * dbt's source freshness: how old a source table's newest row ({@code loaded_at_field}) may be before a check
 * warns ({@code warn_after}) or fails ({@code error_after}); either may be absent (null).
 */
public record Freshness(Duration warnAfter, Duration errorAfter) {

    /** A check's outcome, with dbt's names. */
    public enum Status {
        PASS, WARN, ERROR;

        @com.fasterxml.jackson.annotation.JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code error} past {@code error_after}, else {@code warn} past {@code warn_after}, else {@code pass}. */
    public Status status(Duration age) {
        if (errorAfter != null && age.compareTo(errorAfter) > 0) {
            return Status.ERROR;
        }
        if (warnAfter != null && age.compareTo(warnAfter) > 0) {
            return Status.WARN;
        }
        return Status.PASS;
    }

    /** dbt's {@code {count, period}}: {@code period} is minute, hour or day; null when the period is none of them. */
    static Duration after(long count, String period) {
        return switch (period) {
            case "minute" -> Duration.ofMinutes(count);
            case "hour" -> Duration.ofHours(count);
            case "day" -> Duration.ofDays(count);
            default -> null;
        };
    }
}
