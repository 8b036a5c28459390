package dev.weft.audit;

import io.micronaut.core.annotation.Nullable;

/** Which entries to read: each field, when set, must match exactly. */
public record AuditFilter(@Nullable String subjectType, @Nullable String subjectId, @Nullable String actor) {

    public static final AuditFilter ALL = new AuditFilter(null, null, null);
}
