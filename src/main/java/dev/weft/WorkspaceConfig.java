package dev.weft;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Finds the workspace's {@code weft.yml} ({@code WEFT_CONFIG} or {@code ./weft.yml}) and hands it to
 * Micronaut as an extra configuration file, so every bean sees one merged configuration.
 */
public final class WorkspaceConfig {

    private WorkspaceConfig() {
    }

    public static void applyTo(Properties systemProperties) {
        Optional<Path> file = file();
        if (file.isPresent() && systemProperties.getProperty("micronaut.config.files") == null) {
            systemProperties.setProperty("micronaut.config.files", file.get().toAbsolutePath().toString());
        }
    }

    /** The workspace's {@code weft.yml} ({@code WEFT_CONFIG} or {@code ./weft.yml}), when there is one. */
    public static Optional<Path> file() {
        String explicit = System.getenv("WEFT_CONFIG");
        Path file = explicit != null && !explicit.isBlank() ? Path.of(explicit) : Path.of("weft.yml");
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }
}
