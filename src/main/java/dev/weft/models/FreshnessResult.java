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

    /**
     * The check of {@code source} ({@code raw.events}) against {@code freshness} from a watermark already read (with
     * {@code loadedAtField}; null when the source declares none), so the pipeline's poll needs no second query.
     */
    public static FreshnessResult of(String source, String loadedAtField, Freshness freshness, SourceWatermark mark) {
        if (loadedAtField == null) {
            return failed(source, null, freshness, mark.now(), "no loaded_at_field: declare the column that says when a row arrived");
        }
        if (mark.newest() == null) {
            return failed(source, loadedAtField, freshness, mark.now(), "no rows with a " + loadedAtField + " value (" + mark.rows() + " rows)");
        }
        Duration age = Duration.ofSeconds(Duration.between(mark.newest(), mark.now()).toSeconds()); // whole seconds, as kept
        return new FreshnessResult(source, loadedAtField, mark.newest(), mark.now(), age, freshness.status(age),
                freshness.warnAfter(), freshness.errorAfter(), null);
    }

    /** A check that measured no age, {@code error} because of {@code why}. */
    public static FreshnessResult failed(String source, String loadedAtField, Freshness freshness, Instant checkedAt, String why) {
        return new FreshnessResult(source, loadedAtField, null, checkedAt, null, Freshness.Status.ERROR, freshness.warnAfter(),
                freshness.errorAfter(), why);
    }
}
