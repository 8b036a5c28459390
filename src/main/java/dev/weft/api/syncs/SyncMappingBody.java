package dev.weft.api.syncs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** A destination field filled from a source column (through transforms) or with a constant. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record SyncMappingBody(@Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String from, @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String constant,
                       @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) String to,
                       @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED,
                               description = "lower, upper, trim, e164 (international numbers only), e164:<ISO country> (national numbers read in that country), sha256, applied in order") List<String> transforms) {
}
