package dev.weft.api.audiences;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** One version of an audience: the definition then, who made it (a token's name) and when. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record AudienceVersionView(String audienceId, int version,
                           @Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = AudienceBody.class, description = "the definition as written") JsonNode definition,
                           Instant createdAt, String createdBy) {

    static AudienceVersionView of(dev.weft.audiences.AudienceVersion v) {
        return new AudienceVersionView(v.audienceId(), v.version(), v.definition(), v.createdAt(), v.createdBy());
    }
}
