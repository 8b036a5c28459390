package dev.weft.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * One write: who ({@link Actor}'s name), what (an action such as {@code audience.update} on a subject type and
 * id), when (UTC), and the object's JSON before and after (null where it did not exist, secrets left out).
 */
public record AuditEntry(long id, Instant recordedAt, String actor, String action, String subjectType, String subjectId,
                         @Nullable JsonNode before, @Nullable JsonNode after) {
}
