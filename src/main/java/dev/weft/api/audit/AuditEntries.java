package dev.weft.api.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** A page of the audit log, newest first; {@code next} is the cursor of the following page, null on the last. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "AuditEntries")
public record AuditEntries(List<AuditEntryBody> items,
                           @Nullable @Schema(description = "pass as ?cursor= for the next, older page; null on the last page") String next) {
}
