package dev.weft.audiences;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** One version of an audience: the definition then, who made it (the API token's name) and when. */
public record AudienceVersion(String audienceId, int version, JsonNode definition, Instant createdAt, String createdBy) {
}
