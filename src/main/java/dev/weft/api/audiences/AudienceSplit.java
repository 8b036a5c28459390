package dev.weft.api.audiences;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** Random groups that hold fixed shares of an audience (a holdout, an A/B test). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Random groups that hold fixed shares of the audience (a holdout, an A/B test)")
record AudienceSplit(String name, List<AudienceSplitGroup> groups) {
}
