package dev.weft.api.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** Body of POST /v1/models/runs; every field optional (no selection runs every model). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record ModelRunRequest(@Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "dbt selectors") List<String> select,
                       @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "dbt selectors") List<String> exclude,
                       @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED, description = "rebuild incremental models from scratch") Boolean fullRefresh,
                       @Nullable @Schema(requiredMode = Schema.RequiredMode.NOT_REQUIRED) Map<String, String> vars) {
}
