package dev.weft.api.audiences;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** An audience as the API answers it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record AudienceView(String id, String name,
                    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "api (made through the API) or git (audiences/*.json, read-only)") String source,
                    @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED,
                            description = "the git file, null for API audiences") String file,
                    int version,
                    @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED, type = "object", implementation = AudienceBody.class,
                            description = "the definition as written; null when a git file is no audience") JsonNode definition,
                    Instant createdAt, String createdBy, Instant updatedAt, String updatedBy,
                    @Nullable @Schema(nullable = true, requiredMode = Schema.RequiredMode.REQUIRED,
                            description = "why a git file is no audience") String invalid,
                    AudienceLastRun lastRun) {

    static AudienceView of(dev.weft.audiences.Audience a) {
        dev.weft.audiences.Audience.LastRun last = a.lastRun();
        return new AudienceView(a.id(), a.name(), a.source(), a.fromGit() ? a.file() : null, a.version(), a.definition(),
                a.createdAt(), a.createdBy(), a.updatedAt(), a.updatedBy(), a.invalid(),
                last == null ? null : new AudienceLastRun(last.runId(), dev.weft.audiences.Audience.LastRun.OK.equals(last.status())
                        ? dev.weft.api.RunState.SUCCEEDED : dev.weft.api.RunState.FAILED, last.size(), last.error(), last.finishedAt()));
    }
}
