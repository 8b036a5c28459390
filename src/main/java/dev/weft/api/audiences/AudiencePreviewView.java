package dev.weft.api.audiences;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A preview: the count, per-split counts, a sample and the SQL with its bind values. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record AudiencePreviewView(long count,
                           @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "profiles per split group; empty without a split") Map<String, Long> splitCounts,
                           @ArraySchema(schema = @Schema(additionalProperties = Schema.AdditionalPropertiesValue.TRUE),
                                   arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "sampled profiles: profile_id "
                                           + "(split_group with a split) and the chosen traits; empty when the sample size is 0")) List<Map<String, Object>> sample,
                           String sql,
                           @ArraySchema(schema = @Schema(anyOf = {String.class, Double.class, Boolean.class}, description = "a bind value"),
                                   arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "the SQL's bind values in order"))
                           List<Object> binds,
                           @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "where relative windows ended: now, the "
                                   + "given instant, or the latest event") Instant asOf) {

    static AudiencePreviewView of(dev.weft.audiences.AudiencePreviews.Preview p) {
        return new AudiencePreviewView(p.count(), p.splitCounts() == null ? Map.of() : p.splitCounts(), p.sample(), p.sql(), p.binds(),
                p.asOf());
    }
}
