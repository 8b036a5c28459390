package dev.weft.destinations.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The folder the file destination may write under ({@code weft.destinations.file.root}). A path is inside
 * only if it stays inside once {@code ..} is resolved and every symbolic link that exists along it is
 * followed, so neither {@code ../}, an absolute path elsewhere nor a link pointing out leads outside.
 */
final class FileRoot {

    static final String KEY = "weft.destinations.file.root";

    private final Path root;

    FileRoot(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path path() {
        return root;
    }

    /** Why {@code folder} is not under the root, or empty when it is. */
    Optional<String> problem(Path folder) {
        Path normalized = folder.toAbsolutePath().normalize();
        try {
            if (normalized.startsWith(root) && real(normalized).startsWith(real(root))) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.of("cannot resolve " + normalized + ": " + e.getMessage());
        }
        return Optional.of(normalized + " is outside " + root + ", the only folder the file destination writes under ("
                + KEY + ")");
    }

    /** The path with the links of its deepest existing ancestor followed; the rest as written. */
    private static Path real(Path p) throws IOException {
        Path existing = p;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        return existing == null ? p : existing.toRealPath().resolve(existing.relativize(p));
    }
}
