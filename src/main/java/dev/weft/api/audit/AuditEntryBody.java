package dev.weft.api.audit;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.weft.api.JsonBodies;
import dev.weft.audit.AuditEntry;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;

/** One entry of the audit log as the API answers it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "AuditEntry", description = "One write made through the API or the CLI")
public record AuditEntryBody(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "increases with every entry") long id,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Instant recordedAt,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "the token's name for the API, cli:<os user> for the CLI, weft for Weft's own writes") String actor,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "audience.update") String action,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "audience") String subjectType,
        String subjectId,
        @Schema(nullable = true, additionalProperties = Schema.AdditionalPropertiesValue.TRUE, requiredMode = Schema.RequiredMode.REQUIRED, description = "the object before the write; null when it was created") @JsonInclude(content = JsonInclude.Include.ALWAYS) @Nullable Map<String, Object> before,
        @Schema(nullable = true, additionalProperties = Schema.AdditionalPropertiesValue.TRUE, requiredMode = Schema.RequiredMode.REQUIRED, description = "the object after the write; null when it was deleted") @JsonInclude(content = JsonInclude.Include.ALWAYS) @Nullable Map<String, Object> after) {

    static AuditEntryBody of(AuditEntry e) {
        return new AuditEntryBody(e.id(), e.recordedAt(), e.actor(), e.action(), e.subjectType(), e.subjectId(), object(e.before()),
                object(e.after()));
    }

    /** The typed map the contract can describe as an object (a JsonNode reads as a list to the schema generator). */
    @SuppressWarnings("unchecked")
    private static @Nullable Map<String, Object> object(@Nullable JsonNode node) {
        return node == null || node.isNull() ? null : JsonBodies.record(node, Map.class);
    }
}
