package dev.weft.api.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/** What a model's config() set that callers need: how it is materialized and its unique key. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record ModelConfig(String materialized, List<String> uniqueKey) {

    /** The contract requires unique_key: an empty list for a model without one. */
    ModelConfig {
        uniqueKey = uniqueKey == null ? List.of() : uniqueKey;
    }
}
