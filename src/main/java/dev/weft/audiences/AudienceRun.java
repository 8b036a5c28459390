package dev.weft.audiences;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * One materialization of one audience: its size then, and how many profiles entered and exited;
 * {@code asOf} is where its relative windows ended (null for runs recorded before it was kept).
 */
public record AudienceRun(String runId, String audienceId, Integer version, long size, long entered, long exited,
                          Instant computedAt, @Nullable Instant asOf) {
}
