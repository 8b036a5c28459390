package dev.weft;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.nio.file.Path;

/**
 * The folder a team versions in git ({@code models/}, {@code identity-graph/}, {@code audiences/},
 * {@code syncs/}) and Weft's own state under {@code .weft/} (embedded warehouse, store, compiled SQL),
 * which stays out of git.
 */
@Singleton
public final class Workspace {

    private final Path root;

    public Workspace(@Value("${weft.workspace:.}") String root) {
        this.root = Path.of(root).toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Weft's local state, never committed. */
    public Path stateDir() {
        return root.resolve(".weft");
    }

    public Path resolve(String relative) {
        return root.resolve(relative);
    }
}
