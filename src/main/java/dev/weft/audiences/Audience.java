package dev.weft.audiences;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * An audience as the API shows it: its definition as written, where it comes from ({@code api}, or
 * {@code git} for audiences/*.json, read-only), its current version and who made it.
 */
public record Audience(String id, String name, String source, String file, int version, JsonNode definition,
                       Instant createdAt, String createdBy, Instant updatedAt, String updatedBy) {

    public boolean fromGit() {
        return "git".equals(source);
    }
}
