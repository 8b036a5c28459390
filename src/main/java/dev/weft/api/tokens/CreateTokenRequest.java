package dev.weft.api.tokens;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** Body of {@code POST /v1/tokens}. */
@Introspected
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(name = "CreateTokenRequest")
public record CreateTokenRequest(
        @Schema(description = "a unique name saying who or what uses the token, 1 to 200 characters", example = "crm-sync")
        @Nullable String name,
        @Schema(description = "the scopes the token grants; admin implies every other", example = "[\"audiences:read\", \"syncs:write\"]")
        @Nullable List<String> scopes,
        @Schema(description = "when the token stops working (ISO-8601, in the future); absent: never", example = "2027-01-01T00:00:00Z")
        @Nullable Instant expiresAt) {
}
