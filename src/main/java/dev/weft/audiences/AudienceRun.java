package dev.weft.audiences;

import java.time.Instant;

/** One materialization of one audience: its size then, and how many profiles entered and exited. */
public record AudienceRun(String runId, String audienceId, Integer version, long size, long entered, long exited,
                          Instant computedAt) {
}
