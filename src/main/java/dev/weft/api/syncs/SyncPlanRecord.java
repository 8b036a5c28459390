package dev.weft.api.syncs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Map;

/** One record a run would send: its key and the mapped fields, a field without a value as null (not left out). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record SyncPlanRecord(String key,
                      @JsonInclude(value = JsonInclude.Include.ALWAYS, content = JsonInclude.Include.ALWAYS) @Schema(requiredMode = Schema.RequiredMode.REQUIRED, additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
                              description = "the destination field names and their values") Map<String, Object> fields) {
}
