package dev.weft.api.syncs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** A dry run: what the next run would send, with a sample per operation, and what consent and suppression withhold. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record SyncPlanView(String syncId, long added, long changed, long removed,
                    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "records withheld by reason: forgotten, revoked, no_consent,"
                            + " suppressed:<list> (docs/consent.md)") Map<String, Long> withheld,
                    long planMs,
                    @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                            description = "up to ?sample= records per operation (add, update, remove)") Map<String, List<SyncPlanRecord>> sample) {
}
