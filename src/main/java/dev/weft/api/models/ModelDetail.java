package dev.weft.api.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Set;

/** One model: its SQL as written and compiled for the warehouse, config, lineage, tests and last run. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record ModelDetail(String name, String file, ModelConfig config, String sql, String compiledSql,
                   Set<String> upstream, Set<String> downstream, List<String> sources,
                   List<String> tests, ModelLastRun lastRun) {
}
