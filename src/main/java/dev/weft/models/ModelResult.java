package dev.weft.models;

import java.time.Instant;

/**
 * What happened to one model (kind {@code model}) or one schema test (kind {@code test}) in a run.
 * {@code rowsAffected}: rows in the built table, rows merged by an incremental run, failing rows of a
 * test; null for views. {@code error} is the warehouse's message (or why a model was skipped).
 */
public record ModelResult(String name, String kind, String model, String materialized, Status status,
                          Instant startedAt, long durationMs, Long rowsAffected, String sqlHash,
                          String compiledSql, String error) {

    public enum Status {
        SUCCESS, ERROR, SKIPPED, PASS, FAIL;

        @com.fasterxml.jackson.annotation.JsonValue
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public boolean ok() {
            return this == SUCCESS || this == PASS;
        }
    }
}
