package dev.weft.audit;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * One write: who ({@link Actor}'s name), what ({@code audience.update} on {@code audience}/{@code <id>}),
 * when (UTC), and the object's JSON before and after (null where it did not exist, secrets left out).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AuditEntry(long id, @JsonFormat(shape = JsonFormat.Shape.STRING) Instant recordedAt, String actor, String action,
                         String subjectType, String subjectId,
                         @Nullable JsonNode before, @Nullable JsonNode after) {
}
