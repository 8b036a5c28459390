package dev.weft.api.syncs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.Map;

/** One record a run would send: its key and the mapped fields. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record SyncPlanRecord(String key, Map<String, Object> fields) {
}
