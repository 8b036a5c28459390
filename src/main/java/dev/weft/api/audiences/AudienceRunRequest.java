package dev.weft.api.audiences;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/** Options of one materialization run; the body may be left out. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Options of a run (the body may be left out)")
record AudienceRunRequest(@Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, example = "latest_event",
        description = AS_OF) String asOf) {

    static final String AS_OF = "Where relative windows (\"last 7 days\", within_last, more_than_ago) end: 'latest_event' (the "
            + "events model's latest occurred_at) or an ISO-8601 instant; default: the workspace's weft.audiences.as-of, else now";
}
