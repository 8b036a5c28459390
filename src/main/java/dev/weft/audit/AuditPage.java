package dev.weft.audit;

import io.micronaut.core.annotation.Nullable;

import java.util.List;

/** Entries newest first, and the id to read on from ({@code before}) when more are older, else null. */
public record AuditPage(List<AuditEntry> entries, @Nullable Long next) {
}
