package dev.weft.audiences;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * An audience as the API shows it: its definition as written, where it comes from ({@code api}, or
 * {@code git} for audiences/*.json, read-only), its current version and who made it. {@code invalid} says
 * why a git file cannot be read as an audience (file, line and column; its definition is then null);
 * {@code lastRun} is how its latest materialization ended.
 */
public record Audience(String id, String name, String source, String file, int version, @Nullable JsonNode definition,
                       Instant createdAt, String createdBy, Instant updatedAt, String updatedBy,
                       @Nullable String invalid, @Nullable LastRun lastRun) {

    /** The latest materialization: {@code ok} with the size, or {@code failed} with why (never SQL text). */
    public record LastRun(String runId, String status, @Nullable Long size, @Nullable String error, Instant finishedAt) {

        public static final String OK = "ok";
        public static final String FAILED = "failed";
    }

    /** A git file that is no audience, listed with the reason so the others still are. */
    static Audience invalidFile(String id, String file, Instant modified, String problem) {
        return new Audience(id, id, "git", file, 1, null, modified, "git", modified, "git", problem, null);
    }

    public boolean fromGit() {
        return "git".equals(source);
    }

    Audience withLastRun(LastRun run) {
        return new Audience(id, name, source, file, version, definition, createdAt, createdBy, updatedAt, updatedBy, invalid, run);
    }
}
