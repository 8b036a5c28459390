package dev.weft.api.audiences;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.weft.audiences.PriorityList;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** A priority list as the API answers it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record PriorityListView(String id, String name,
                        @Schema(description = "audience IDs, highest priority first") List<String> audiences,
                        @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                                description = "api (made through the API) or git (audiences/priority-lists/*.json, read-only)") String source,
                        @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED,
                                description = "the git file, null for API priority lists") String file,
                        Instant createdAt, String createdBy, Instant updatedAt, String updatedBy,
                        @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED,
                                description = "why a git file is no priority list") String invalid) {

    static PriorityListView of(PriorityList l) {
        return new PriorityListView(l.id(), l.name(), l.audiences(), l.source(), l.file(), l.createdAt(), l.createdBy(),
                l.updatedAt(), l.updatedBy(), l.invalid());
    }
}
