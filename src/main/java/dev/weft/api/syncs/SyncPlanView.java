package dev.weft.api.syncs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** A dry run: what the next run would send, with a sample per operation. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record SyncPlanView(String syncId, long added, long changed, long removed, long planMs,
                    @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                            description = "up to ?sample= records per operation (add, update, remove)") Map<String, List<SyncPlanRecord>> sample) {
}
