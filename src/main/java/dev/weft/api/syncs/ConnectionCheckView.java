package dev.weft.api.syncs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Whether a connection's credentials and settings work, and the destination's words when not. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ConnectionCheckView(boolean ok, String message) {
}
