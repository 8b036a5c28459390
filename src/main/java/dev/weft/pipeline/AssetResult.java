package dev.weft.pipeline;

import io.micronaut.core.annotation.Nullable;

import java.util.Locale;

/**
 * What one pipeline run did with one asset: built it (or saw a source's new rows), skipped it, or failed;
 * {@code reason} says why (which inputs changed, that none did, which upstream failed, the error).
 * {@code rows}: rows built, a source's row count, an audience's size, records a sync sent.
 */
public record AssetResult(String asset, Asset.Kind kind, Outcome outcome, String reason, double seconds, @Nullable Long rows) {

    public enum Outcome {
        BUILT, CHANGED, SKIPPED, FAILED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
