package dev.weft.api.tokens;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Set;

/** The answer to {@code POST /v1/tokens}: the only time the token itself is shown. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "CreatedToken")
public record CreatedToken(String name,
                           @Schema(description = "the bearer token; shown once, Weft keeps only its hash") String token,
                           Set<String> scopes,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) Instant createdAt,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) @Nullable Instant expiresAt) {
}
