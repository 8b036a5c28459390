package dev.weft.api.audiences;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.weft.audiences.PriorityCut;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** Each audience of a priority list with its size before and after the priority cut, in the list's order. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record PriorityListPreviewView(String id, List<Size> audiences) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Size(String audience,
                @Schema(description = "members as last materialized") long before,
                @Schema(description = "members no higher-priority audience of the list holds") long after) {
    }

    static PriorityListPreviewView of(String id, List<PriorityCut.Size> sizes) {
        return new PriorityListPreviewView(id, sizes.stream().map(c -> new Size(c.audienceId(), c.before(), c.after())).toList());
    }
}
