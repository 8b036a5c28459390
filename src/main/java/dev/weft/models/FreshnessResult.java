package dev.weft.models;

import java.time.Duration;
import java.time.Instant;

/**
 * One source table's freshness check: the newest {@code loaded_at_field} value ({@code maxLoadedAt}), the warehouse's
 * time of the check, the age between them and its status against {@code warn_after} / {@code error_after}. A check
 * that could not measure an age (no loaded_at_field, no value, a warehouse error) is {@code error} and says why.
 */
public record FreshnessResult(String source, String loadedAtField, Instant maxLoadedAt, Instant checkedAt, Duration age,
                              Freshness.Status status, Duration warnAfter, Duration errorAfter, String error) {
}
