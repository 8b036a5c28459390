package dev.weft.api.models;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** What a model's config() set that callers need: how it is materialized and its unique key. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ModelConfig(String materialized, List<String> uniqueKey) {
}
