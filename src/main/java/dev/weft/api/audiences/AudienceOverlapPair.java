package dev.weft.api.audiences;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Two audiences and how many profiles both hold. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record AudienceOverlapPair(String a, String b, long both) {
}
