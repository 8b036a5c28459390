package dev.weft.api.tokens;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.weft.api.ApiToken;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Set;

/** A token as listed: never the token itself. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "TokenSummary")
public record TokenSummary(String name, Set<String> scopes,
                           @Schema(allowableValues = {ApiToken.ACTIVE, ApiToken.EXPIRED, ApiToken.REVOKED}) String status,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) Instant createdAt,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) @Nullable Instant lastUsedAt,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) @Nullable Instant expiresAt,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) @Nullable Instant revokedAt) {

    static TokenSummary of(ApiToken t, Instant now) {
        return new TokenSummary(t.name(), t.scopes(), t.status(now), t.createdAt(), t.lastUsedAt(), t.expiresAt(), t.revokedAt());
    }
}
